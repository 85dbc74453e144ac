import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP server started for a test.
 *
 * @public
 */
export interface TestListener {
  host: string;
  port: number;
  /** Closes the server and every connection it accepted. */
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/**
 * A loopback port that was free a moment ago. Another process may take it
 * before it is used, which is acceptable for tests.
 *
 * @public
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Accepts connections and never sends a byte, so that clients run into
 * their handshake timeouts.
 *
 * @public
 */
export function startSilentListener(): Promise<TestListener> {
  return startListener(socket => {
    // Read and discard, so the client's writes never block or reset.
    socket.resume();
  });
}

/**
 * Answers every connection with a line of HTTP and closes it: a server that
 * is reachable but does not speak SSH.
 *
 * @public
 */
export function startGarbageListener(): Promise<TestListener> {
  return startListener(socket => {
    // Draining the client's bytes lets the close be a FIN instead of a reset.
    socket.resume();
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
}

/**
 * A TCP proxy in front of another server, that can play dead.
 *
 * @public
 */
export interface TestTcpProxy extends TestListener {
  /**
   * Stops passing bytes in either direction while keeping every connection
   * open, like a peer whose network went away.
   */
  freeze(): void;
}

/**
 * Forwards every connection to `target`.
 *
 * @public
 */
export async function startTcpProxy(target: {
  host: string;
  port: number;
}): Promise<TestTcpProxy> {
  const links = new Set<{ client: Socket; upstream: Socket }>();

  const listener = await startListener(client => {
    const upstream = connect(target);
    const link = { client, upstream };
    links.add(link);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => {
      upstream.destroy();
      links.delete(link);
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });

  return {
    ...listener,
    freeze() {
      for (const { client, upstream } of links) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
  };
}

async function startListener(
  onConnection: (socket: Socket) => void,
): Promise<TestListener> {
  const sockets = new Set<Socket>();
  const server = createServer(socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  return {
    host: LOOPBACK,
    port,
    stop: async () => {
      const closed = new Promise(resolve => server.close(resolve));
      for (const socket of sockets) {
        socket.destroy();
      }
      await closed;
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
