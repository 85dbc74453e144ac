import { toResponseError } from './errors';

/**
 * Query parameters of a request, each sent as `String(value)`; `undefined` and
 * empty strings are left out, so a filter form's blank fields send nothing.
 * (Values are `unknown` because query types inferred from zod's coercing
 * schemas type numbers that way.)
 *
 * @public
 */
export type ApiQuery = Record<string, unknown>;

/** @public */
export interface ApiRequest {
  /** Default `GET`. */
  method?: string;
  /** Sent as JSON, with `Content-Type: application/json`; no body when undefined. */
  body?: unknown;
  /** Appended to the path as a query string; none when it has no values. */
  query?: ApiQuery;
}

/**
 * Requests to one backend plugin, through Backstage's fetchApi (which adds the
 * user's token); every answer that is not OK is thrown as the ResponseError of
 * `toResponseError`, carrying the server's message.
 *
 * @public
 */
export interface ApiFetcher {
  /** The plugin's base URL, as discovery names it, e.g. `http://host/api/machines`. */
  baseUrl(): Promise<string>;
  /** The OK response itself: for reading headers, or a download as a Blob. */
  response(path: string, request?: ApiRequest): Promise<Response>;
  /** The JSON body of the answer; undefined for a 204. */
  json<T>(path: string, request?: ApiRequest): Promise<T>;
  /** The body of the answer as text: files such as inventories or recordings. */
  text(path: string, request?: ApiRequest): Promise<string>;
  /** For requests whose answer carries nothing to read (deletes, cancels). */
  noContent(path: string, request?: ApiRequest): Promise<void>;
}

/**
 * What an OpsSight API client is made with: the parts of Backstage's
 * DiscoveryApi and FetchApi it uses (`Pick<DiscoveryApi, 'getBaseUrl'>` and
 * `Pick<FetchApi, 'fetch'>`, spelled out so this package needs no dependency
 * on them).
 *
 * @public
 */
export interface ApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi: { fetch: typeof fetch };
}

/**
 * The one request helper of the OpsSight API clients.
 *
 * @public
 */
export function createApiFetcher(
  options: ApiClientOptions & {
    /** The backend plugin's id, e.g. `machines`. */
    pluginId: string;
  },
): ApiFetcher {
  const { discoveryApi, fetchApi, pluginId } = options;

  const baseUrl = () => discoveryApi.getBaseUrl(pluginId);

  const response = async (
    path: string,
    request: ApiRequest = {},
  ): Promise<Response> => {
    const url = `${await baseUrl()}${path}${queryString(request.query)}`;
    const answer = await fetchApi.fetch(url, {
      method: request.method ?? 'GET',
      ...(request.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request.body),
      }),
    });
    if (!answer.ok) {
      throw await toResponseError(answer);
    }
    return answer;
  };

  return {
    baseUrl,
    response,
    async json<T>(path: string, request?: ApiRequest): Promise<T> {
      const answer = await response(path, request);
      if (answer.status === 204) {
        return undefined as T;
      }
      return (await answer.json()) as T;
    },
    async text(path: string, request?: ApiRequest): Promise<string> {
      return (await response(path, request)).text();
    },
    async noContent(path: string, request?: ApiRequest): Promise<void> {
      await response(path, request);
    },
  };
}

/**
 * `?a=1&b=x` of the parameters that have a value, or an empty string.
 *
 * @public
 */
export function queryString(query: ApiQuery = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
