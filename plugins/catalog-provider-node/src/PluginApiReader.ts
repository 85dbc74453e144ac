import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** A list answer of an OpsSight API: one page and how many there are in all. */
export type PagedList<T> = { items: T[]; totalCount: number };

/**
 * Reads the owning plugin's API as the catalog itself (the catalog's own
 * service credentials, a fresh token per request), for a provider whose
 * plugin offers no service of its own to backend plugins.
 */
export interface PluginApiReader {
  /** The JSON answer of `GET <plugin base URL><path>`; an error answer throws. */
  get<T>(path: string): Promise<T>;
  /**
   * Every item of a paged list (`?limit=&offset=`), page after page until
   * `totalCount` items are read; a server capping pages below `pageSize` does
   * not cut the list short.
   */
  getAll<T>(path: string, options: { pageSize: number }): Promise<T[]>;
}

export function createPluginApiReader(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  /** The plugin whose API is read (`clusters`). */
  pluginId: string;
}): PluginApiReader {
  const { auth, discovery, pluginId } = options;

  async function get<T>(path: string): Promise<T> {
    const baseUrl = await discovery.getBaseUrl(pluginId);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  return {
    get,
    async getAll<T>(path: string, { pageSize }: { pageSize: number }) {
      const items: T[] = [];
      const separator = path.includes('?') ? '&' : '?';
      for (;;) {
        const page = await get<PagedList<T>>(
          `${path}${separator}limit=${pageSize}&offset=${items.length}`,
        );
        items.push(...page.items);
        if (page.items.length === 0 || items.length >= page.totalCount) {
          return items;
        }
      }
    },
  };
}
