import { isError } from '@backstage/errors';
import express from 'express';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';

const STATUS_OF_ERROR: Record<string, number> = {
  InputError: 400,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

/**
 * An express app with the routes `mount` adds, on a loopback port, answering
 * errors as Backstage does: Backstage's errors by their status (anything else
 * a 500), with `{ error: { name, message } }`.
 *
 * @public
 */
export async function serveForTest(
  mount: (app: express.Express) => void,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const app = express();
  mount(app);
  app.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const name = isError(error) ? error.name : 'Error';
      res.status(STATUS_OF_ERROR[name] ?? 500).json({
        error: {
          name,
          message: isError(error) ? error.message : String(error),
        },
      });
    },
  );
  const server = await new Promise<Server>(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
