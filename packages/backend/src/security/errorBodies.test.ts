/*
 * Error bodies as a browser or script receives them from the backend's root
 * router (the one index.ts installs): in production they carry the message and
 * never a stack trace. Backstage's error middleware includes the stack only
 * when NODE_ENV is exactly `development` (`yarn start`); the image sets
 * NODE_ENV=production, and anything else (unset, `test`) counts as production.
 */
import { AddressInfo, createServer } from 'node:net';
import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { rootHttpRouterWithSessionGuard } from '@opssight/plugin-auth-backend-module-opssight-provider';

jest.setTimeout(60_000);

type Handler = Parameters<HttpRouterService['use']>[0];

/** An error as @backstage/errors makes them: the handler maps it by name. */
function namedError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** A plugin whose routes fail the ways real ones do. */
const failingPlugin = createBackendPlugin({
  pluginId: 'failing',
  register(env) {
    env.registerInit({
      deps: { http: coreServices.httpRouter },
      async init({ http }) {
        const handler: Handler = (req, _res, next) => {
          if (req.path === '/internal') {
            next(new Error('the widget store is not answering'));
          } else if (req.path === '/input') {
            next(namedError('InputError', 'name: must not be empty'));
          } else if (req.path === '/missing') {
            next(namedError('NotFoundError', 'no widget named gizmo'));
          } else {
            // A value that is not an Error, as careless code throws.
            next({ secret: 'internal detail' });
          }
        };
        http.use(handler);
        http.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function startWith(nodeEnv: string | undefined) {
  const previous = process.env.NODE_ENV;
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  try {
    const port = await freePort();
    // The production wiring: createBackend's services, the root router of index.ts.
    const backend = createBackend();
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            listen: { host: '127.0.0.1', port },
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        },
      }),
    );
    backend.add(mockServices.rootLogger.factory());
    backend.add(rootHttpRouterWithSessionGuard);
    backend.add(failingPlugin);
    await backend.start();
    return { backend, url: `http://127.0.0.1:${port}` };
  } finally {
    process.env.NODE_ENV = previous;
  }
}

/** Whether anything in the body looks like a stack trace. */
function hasStack(body: unknown): boolean {
  const text = JSON.stringify(body);
  return (
    text.includes('"stack"') ||
    /\n\s+at /.test(text) ||
    text.includes('    at ')
  );
}

describe.each([['production'], [undefined]])(
  'error bodies with NODE_ENV=%s',
  nodeEnv => {
    let url: string;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const started = await startWith(nodeEnv);
      url = started.url;
      stop = () => started.backend.stop();
    });
    afterAll(() => stop());

    it.each([
      ['/internal', 500, 'the widget store is not answering'],
      ['/input', 400, 'name: must not be empty'],
      ['/missing', 404, 'no widget named gizmo'],
    ])(
      'GET %s: %d with the message and no stack',
      async (path, status, message) => {
        const res = await request(url).get(`/api/failing${path}`);
        expect(res.status).toBe(status);
        expect(res.body.error.message).toBe(message);
        expect(res.body.error).not.toHaveProperty('stack');
        expect(hasStack(res.body)).toBe(false);
      },
    );

    it('turns a thrown non-error into a generic 500 that names nothing inside', async () => {
      const res = await request(url).get('/api/failing/other');
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('internal detail');
      expect(hasStack(res.body)).toBe(false);
    });

    it('answers an unknown route with a 404 and no stack', async () => {
      const res = await request(url).get('/api/no-such-plugin/anything');
      expect(res.status).toBe(404);
      expect(hasStack(res.body)).toBe(false);
    });
  },
);

// What the checks above would catch: the same router in development does send stacks.
describe('error bodies with NODE_ENV=development', () => {
  it('include the stack, so the production checks are not vacuous', async () => {
    const { backend, url } = await startWith('development');
    try {
      const res = await request(url).get('/api/failing/internal');
      expect(res.status).toBe(500);
      expect(hasStack(res.body)).toBe(true);
    } finally {
      await backend.stop();
    }
  });
});
