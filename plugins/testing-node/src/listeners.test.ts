import { connect, createServer, Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  startGarbageListener,
  startSilentListener,
  startTcpProxy,
} from './listeners';

async function connectTo(host: string, port: number) {
  const socket = connect({ host, port });
  await once(socket, 'connect');
  return socket;
}

function received(socket: Socket) {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString();
}

describe('freePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    server.close();

    expect(port).toBeGreaterThan(1024);
  });
});

describe('startSilentListener', () => {
  it('accepts a connection and never answers, until stopped', async () => {
    const listener = await startSilentListener();
    const socket = await connectTo(listener.host, listener.port);
    const text = received(socket);
    socket.write('SSH-2.0-test\r\n');
    await sleep(300);

    expect(text()).toBe('');
    expect(socket.destroyed).toBe(false);

    const closed = once(socket, 'close');
    await listener.stop();
    await closed;
    await expect(connectTo(listener.host, listener.port)).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});

describe('startGarbageListener', () => {
  it('answers with something that is not SSH and closes', async () => {
    const listener = await startGarbageListener();
    try {
      const socket = await connectTo(listener.host, listener.port);
      const text = received(socket);
      socket.write('SSH-2.0-test\r\n');
      await once(socket, 'close');

      expect(text()).toBe('HTTP/1.1 400 Bad Request\r\n\r\n');
    } finally {
      await listener.stop();
    }
  });
});

describe('startTcpProxy', () => {
  it('forwards until frozen, then keeps the connection open and silent', async () => {
    const echo = createServer(socket => socket.pipe(socket));
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    const proxy = await startTcpProxy({
      host: '127.0.0.1',
      port: (echo.address() as { port: number }).port,
    });
    try {
      const socket = await connectTo(proxy.host, proxy.port);
      const text = received(socket);
      socket.write('ping');
      await sleep(100);
      expect(text()).toBe('ping');

      proxy.freeze();
      socket.write('lost');
      await sleep(100);
      expect(text()).toBe('ping');
      expect(socket.destroyed).toBe(false);

      const closed = once(socket, 'close');
      await proxy.stop();
      await closed;
    } finally {
      await proxy.stop();
      echo.close();
    }
  });
});
