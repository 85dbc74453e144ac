import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  AuditEntryFilter,
  AuditEntryList,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';
import type { AuditApi, AuditEntryPageQuery, AuditExport } from './AuditApi';
import { toResponseError } from '@opssight/plugin-api-react';

/** The only place that knows the audit backend's URLs. */
export class AuditClient implements AuditApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listEntries(query: AuditEntryPageQuery = {}): Promise<AuditEntryList> {
    const response = await this.get('/entries', query);
    return (await response.json()) as AuditEntryList;
  }

  /**
   * Through fetchApi rather than a plain link, so the download carries the
   * user's token like every other request.
   */
  async exportEntries(filter: AuditEntryFilter = {}): Promise<AuditExport> {
    const response = await this.get('/export', filter);
    // Cross-origin (app and backend on different hosts) the browser hides
    // Content-Disposition unless the backend exposes it: name it the same way.
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename =
      /filename="?([^";]+)"?/.exec(disposition)?.[1] ??
      `opssight-audit-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    return { blob: await response.blob(), filename };
  }

  async verifyChain(): Promise<AuditVerifyResult> {
    const response = await this.get('/verify');
    return (await response.json()) as AuditVerifyResult;
  }

  private async get(
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<Response> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    const baseUrl = await this.discoveryApi.getBaseUrl('audit');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await toResponseError(response);
    }
    return response;
  }
}
