import {
  startSilentListener,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { connectSsh } from './connect';
import { SshConnection } from './connection';
import { SshError } from './errors';
import { serverForSuite } from './__testUtils__/serverForSuite';

// A real daemon on a shared 2-core machine: Jest's 5 s default is too tight.
jest.setTimeout(30_000);

describe('SshConnection.exec with input, live output and abort', () => {
  let sshd: TestSshd;
  let connection: SshConnection;

  beforeAll(async () => {
    sshd = await startSshd();
    connection = await connectSsh({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
      expectedFingerprint: sshd.hostKeyFingerprint,
    });
  });

  afterAll(async () => {
    connection?.close();
    await sshd?.stop();
  });

  it('feeds stdin to the command, then end-of-file', async () => {
    await expect(
      connection.exec('bash -s', {
        stdin: 'echo "line $((1 + 1))"\nexit 4\n',
      }),
    ).resolves.toMatchObject({ exitCode: 4, stdout: 'line 2\n' });

    const binary = Buffer.from([0, 1, 2, 255, 10]);
    await expect(
      connection.exec('wc -c', { stdin: binary }),
    ).resolves.toMatchObject({ exitCode: 0, stdout: '5\n' });
    // An empty input is end-of-file at once, as without the option.
    await expect(
      connection.exec('wc -c', { stdin: '' }),
    ).resolves.toMatchObject({ stdout: '0\n' });
  });

  it('passes input larger than the SSH window', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);

    await expect(
      connection.exec('wc -c', { stdin: big }),
    ).resolves.toMatchObject({ exitCode: 0, stdout: `${big.length}\n` });
  });

  it('hands over output as it arrives, before the command ends', async () => {
    const seen: Array<{ stream: string; text: string; at: number }> = [];
    const startedAt = Date.now();

    const result = await connection.exec(
      'echo first; echo oops >&2; sleep 1; echo second',
      {
        onStdout: chunk =>
          seen.push({ stream: 'out', text: chunk.toString(), at: Date.now() }),
        onStderr: chunk =>
          seen.push({ stream: 'err', text: chunk.toString(), at: Date.now() }),
        // The callbacks see everything; only the result is capped.
        maxOutputBytes: 3,
      },
    );

    expect(result).toMatchObject({
      exitCode: 0,
      stdout: 'fir',
      stderr: 'oop',
      truncated: true,
    });
    const out = seen.filter(s => s.stream === 'out');
    expect(out.map(s => s.text).join('')).toBe('first\nsecond\n');
    expect(seen.filter(s => s.stream === 'err').map(s => s.text)).toEqual([
      'oops\n',
    ]);
    // "first" came a second before the command ended; "second" at its end.
    const first = out.find(s => s.text.includes('first'))!;
    const second = out.find(s => s.text.includes('second'))!;
    expect(second.at - first.at).toBeGreaterThanOrEqual(800);
    expect(first.at - startedAt).toBeLessThan(second.at - startedAt);
  });

  it('stops a command when its signal aborts, and keeps the connection', async () => {
    const controller = new AbortController();
    const startedAt = Date.now();
    setTimeout(() => controller.abort('cancelled'), 300);

    const error = await connection
      .exec('sleep 10', { signal: controller.signal })
      .catch(e => e);

    expect(error.name).toBe('AbortError');
    expect(error.cause).toBe('cancelled');
    expect(Date.now() - startedAt).toBeLessThan(3000);
    await expect(connection.exec('echo still here')).resolves.toMatchObject({
      stdout: 'still here\n',
    });
    // Already aborted: nothing is started.
    await expect(
      connection.exec('echo never', { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('connectSsh with an abort signal', () => {
  const suiteListener = serverForSuite(startSilentListener);

  it('gives up on a server that never answers as soon as the signal aborts', async () => {
    const silent = suiteListener();
    const controller = new AbortController();
    const startedAt = Date.now();
    setTimeout(() => controller.abort('shutdown'), 200);

    const error = await connectSsh({
      host: silent.host,
      port: silent.port,
      username: 'nobody',
      password: 'irrelevant',
      handshakeTimeoutMs: 10_000,
      signal: controller.signal,
    }).catch(e => e);

    expect(error).not.toBeInstanceOf(SshError);
    expect(error.name).toBe('AbortError');
    expect(error.cause).toBe('shutdown');
    expect(Date.now() - startedAt).toBeLessThan(2000);
  });

  it('does not start with an aborted signal', async () => {
    const silent = suiteListener();
    await expect(
      connectSsh({
        host: silent.host,
        port: silent.port,
        username: 'nobody',
        signal: AbortSignal.abort('cancelled'),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
