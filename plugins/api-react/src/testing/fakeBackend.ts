import { toResponseError } from '../errors';

/**
 * A backend plugin as an API client's test sees it: `discoveryApi` and
 * `fetchApi` to build the client with, every request it sent (a copy whose
 * body can still be read), and `getBaseUrl` as a jest mock to check which
 * plugin it asked for.
 *
 * @param reply - the answer to each request.
 * @param baseUrl - what discovery answers, e.g. `http://localhost:7007/api/machines`.
 * @public
 */
export function fakeBackend(
  baseUrl: string,
  reply: (request: Request) => Response | Promise<Response> = () =>
    jsonResponse({}),
) {
  const requests: Request[] = [];
  const getBaseUrl = jest.fn(async (_pluginId: string) => baseUrl);
  return {
    requests,
    getBaseUrl,
    discoveryApi: { getBaseUrl },
    fetchApi: {
      fetch: async (input: any, init?: RequestInit) => {
        const request = new Request(input, init);
        requests.push(request.clone());
        return reply(request);
      },
    },
  };
}

/**
 * A JSON answer.
 *
 * @public
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * An error answer as OpsSight's backends give it: `{ error: { name, message } }`.
 *
 * @public
 */
export function errorResponse(
  name: string,
  message: string,
  status: number,
): Response {
  return jsonResponse({ error: { name, message } }, status);
}

/**
 * What an API client throws for an error answer of the backend: the
 * `ResponseError` of `errorResponse(name, message, status)`.
 *
 * @public
 */
export function apiError(status: number, name: string, message: string) {
  return toResponseError(errorResponse(name, message, status));
}
