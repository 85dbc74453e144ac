import { Client, ClientChannel } from 'ssh2';
import { SshError } from './errors';

const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** @public */
export interface ExecOptions {
  /**
   * Stops waiting after this long: asks the server to SIGKILL the command's
   * process group, closes the channel and rejects with an `SshError` of kind
   * `timeout`. No limit by default. OpenSSH refuses signals in sessions of
   * root (they run without privilege separation), so a command run as root
   * keeps running on the server until it ends by itself.
   */
  timeoutMs?: number;
  /**
   * How much of stdout and of stderr to keep, each; defaults to 1 MiB. The
   * command runs to its end either way; the rest of its output is dropped.
   */
  maxOutputBytes?: number;
}

/** @public */
export interface ExecResult {
  /** Null when the command was ended by a signal. */
  exitCode: number | null;
  /** The signal that ended the command, e.g. `SIGKILL`. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when some output was dropped because of `maxOutputBytes`. */
  truncated: boolean;
}

class CappedOutput {
  truncated = false;
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer) {
    const room = this.limit - this.size;
    if (chunk.length > room) {
      this.truncated = true;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length > 0) {
      this.chunks.push(kept);
      this.size += kept.length;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one command on its own channel. `lostReason` tells why the connection
 * is gone, when it is.
 */
export function runCommand(
  client: Client,
  command: string,
  options: ExecOptions,
  lostReason: () => SshError | undefined,
): Promise<ExecResult> {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;

  return new Promise((resolve, reject) => {
    const onChannel: Parameters<Client['exec']>[1] = (error, channel) => {
      if (error) {
        reject(
          lostReason() ??
            new SshError(
              'protocol',
              `the server did not start the command: ${error.message}`,
              { cause: error },
            ),
        );
        return;
      }

      const stdout = new CappedOutput(maxOutputBytes);
      const stderr = new CappedOutput(maxOutputBytes);
      let exit: { code: number | null; signal: string | null } | undefined;

      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              // Without the signal the command would keep running on the
              // server after we stop listening.
              sendSignal(channel, 'KILL');
              channel.close();
              reject(
                new SshError(
                  'timeout',
                  `the command did not finish within ${options.timeoutMs} ms`,
                ),
              );
            }, options.timeoutMs);

      // The command gets end-of-file instead of waiting for input.
      channel.end();
      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      channel.on('exit', (code: number | null, signal?: string) => {
        exit = { code, signal: signal ?? null };
      });
      channel.on('close', () => {
        clearTimeout(timer);
        const lost = lostReason();
        if (!exit && lost) {
          reject(lost);
          return;
        }
        resolve({
          exitCode: exit?.code ?? null,
          signal: exit?.signal ?? null,
          stdout: stdout.text(),
          stderr: stderr.text(),
          truncated: stdout.truncated || stderr.truncated,
        });
      });
    };

    try {
      client.exec(command, onChannel);
    } catch (error) {
      // ssh2 throws synchronously once the connection is gone.
      reject(
        lostReason() ??
          new SshError('protocol', 'the connection is closed', {
            cause: error,
          }),
      );
    }
  });
}

/**
 * ssh2 drops signal requests once stdin has been closed (`end()`), although
 * RFC 4254 allows them, so the request goes to its protocol layer directly.
 * The exec timeout test fails if an ssh2 upgrade moves these internals.
 */
function sendSignal(channel: ClientChannel, signal: string) {
  const internals = channel as unknown as {
    outgoing?: { id?: number; state?: string };
    _client?: { _protocol?: { signal?(id: number, name: string): void } };
  };
  const { outgoing } = internals;
  const protocol = internals._client?._protocol;
  if (
    protocol?.signal &&
    outgoing?.id !== undefined &&
    (outgoing.state === 'open' || outgoing.state === 'eof')
  ) {
    protocol.signal(outgoing.id, signal);
  } else {
    channel.signal(signal);
  }
}
