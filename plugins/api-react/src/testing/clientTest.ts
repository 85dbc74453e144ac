import { ResponseError } from '@backstage/errors';
import { errorMessage, errorStatus } from '../errors';
import { errorResponse, fakeBackend, jsonResponse } from './fakeBackend';

type Reply = (request: Request) => Response | Promise<Response>;

// This module defines tests only where a test file calls its helpers; it holds
// none itself, so it reaches jest's `it` through the global object.
const defineTest: jest.It = globalThis.it;

/** What an API client is built from in a test: the fake backend's APIs. */
export type ClientTestApis = Pick<
  ReturnType<typeof fakeBackend>,
  'discoveryApi' | 'fetchApi'
>;

/**
 * One row of `itSends`: the name of the test, the call, and the request it
 * must send (method, path below the plugin's base URL and JSON body, if any).
 *
 * @public
 */
export type SentRequestRow<Client> = readonly [
  name: string,
  call: (client: Client) => Promise<unknown>,
  method: string,
  path: string,
  body?: unknown,
];

/**
 * Checks one request a client sent: its method, URL and JSON body, with the
 * JSON content type when there is a body and none without.
 *
 * @public
 */
export async function expectSent(
  request: Request,
  method: string,
  url: string,
  body?: unknown,
) {
  expect(request.method).toBe(method);
  expect(request.url).toBe(url);
  expect(request.headers.get('content-type')).toBe(
    body === undefined ? null : 'application/json',
  );
  const text = await request.text();
  expect(text ? JSON.parse(text) : undefined).toEqual(body);
}

/**
 * Checks a request's address: `url` without the query, and the query's
 * parameters, all of them.
 *
 * @public
 */
export function expectQuery(
  request: Request,
  url: string,
  query: Record<string, string>,
) {
  const { origin, pathname, searchParams } = new URL(request.url);
  expect(`${origin}${pathname}`).toBe(url);
  expect(Object.fromEntries(searchParams)).toEqual(query);
}

/**
 * Awaits a call that must fail as an API error with `status` and shows the
 * user `message`; gives the error back for more checks.
 *
 * @public
 */
export async function expectApiError(
  call: Promise<unknown>,
  status: number,
  message?: string,
): Promise<ResponseError> {
  const error = await call.then(
    answer => {
      throw new Error(`expected an API error, got ${JSON.stringify(answer)}`);
    },
    e => e,
  );
  expect(error).toBeInstanceOf(ResponseError);
  expect(errorStatus(error)).toBe(status);
  if (message !== undefined) expect(errorMessage(error)).toBe(message);
  return error;
}

/**
 * The test bed of one plugin's API client: `setup(reply)` builds the client
 * on a fake backend at `baseUrl` (what discovery answers for `pluginId`); the
 * tests every client has are one call each; and the answers and checks a
 * client test uses come with it.
 *
 * @param pluginId - the plugin whose backend the client talks to.
 * @param ClientClass - the client's class, or a function that builds the client
 *   from `discoveryApi` and `fetchApi`.
 * @public
 */
export function clientTest<Client>(
  pluginId: string,
  ClientClass:
    | (new (apis: ClientTestApis) => Client)
    | ((apis: ClientTestApis) => Client),
) {
  // A class has a prototype; an arrow function has none.
  const createClient = (apis: ClientTestApis): Client =>
    ClientClass.prototype
      ? new (ClientClass as new (apis: ClientTestApis) => Client)(apis)
      : (ClientClass as (apis: ClientTestApis) => Client)(apis);
  const baseUrl = `http://localhost:7007/api/${pluginId}`;

  function setup(reply: Reply = () => jsonResponse({}), base = baseUrl) {
    const backend = fakeBackend(base, reply);
    return { client: createClient(backend), ...backend };
  }

  return {
    baseUrl,
    setup,
    json: jsonResponse,
    errorResponse,
    expectSent,
    expectQuery,
    expectApiError,

    /**
     * One test a row: the call sends its method, path and body; with
     * `answer`, it also resolves to it.
     */
    itSends(
      rows: ReadonlyArray<SentRequestRow<Client>>,
      {
        answer,
        reply = () => jsonResponse(answer ?? {}),
      }: { answer?: unknown; reply?: Reply } = {},
    ) {
      for (const [name, call, method, path, body] of rows) {
        defineTest(`${name} sends its method, path and body`, async () => {
          const { client, requests } = setup(reply);
          const result = await call(client);
          // Without an answer to resolve to, any result will do.
          expect(result).toEqual(answer === undefined ? result : answer);
          await expectSent(requests[0], method, `${baseUrl}${path}`, body);
        });
      }
    },

    /**
     * The test of a list call: it asks discovery for this plugin, sends the
     * filters of `filtered` that have a value as the query of `path`
     * (`query`, all of it), and for `unfiltered`, no query string at all.
     */
    itSendsTheFilters(
      path: string,
      filtered: (client: Client) => Promise<unknown>,
      query: Record<string, string>,
      unfiltered: (client: Client) => Promise<unknown>,
    ) {
      defineTest(
        `sends the filters that have a value as the query of ${path}, and no query string without them`,
        async () => {
          const { client, requests, getBaseUrl } = setup(() =>
            jsonResponse({ items: [], totalCount: 0 }),
          );
          await filtered(client);
          expect(getBaseUrl).toHaveBeenCalledWith(pluginId);
          expectQuery(requests[0], `${baseUrl}${path}`, query);
          await unfiltered(client);
          expect(requests[1].url).toBe(`${baseUrl}${path}`);
        },
      );
    },

    /**
     * One test a row: the server's error answer (status, name, message)
     * reaches the caller of `call` as an API error with that status, name and
     * message.
     */
    itSurfacesServerErrors(
      call: (client: Client) => Promise<unknown>,
      errors: ReadonlyArray<
        readonly [status: number, name: string, message: string]
      >,
    ) {
      defineTest.each(errors.map(e => [...e]))(
        "surfaces the server's message of a %i",
        async (status, name, message) => {
          const { client } = setup(() =>
            errorResponse(name as string, message as string, status as number),
          );
          const error = await expectApiError(
            call(client),
            status as number,
            message as string,
          );
          expect(error.cause.name).toBe(name);
        },
      );
    },

    /** The answer of a proxy in front of the backend: its status and text. */
    itFallsBackToTheStatusForNonJsonErrors(
      call: (client: Client) => Promise<unknown>,
    ) {
      defineTest('falls back to the status for non-JSON errors', async () => {
        const { client } = setup(
          () =>
            new Response('upstream down', {
              status: 502,
              statusText: 'Bad Gateway',
            }),
        );
        const error = await expectApiError(call(client), 502);
        expect(errorMessage(error)).toContain('502');
        expect(errorMessage(error)).toContain('upstream down');
      });
    },
  };
}
