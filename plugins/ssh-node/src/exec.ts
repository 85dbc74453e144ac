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
  /**
   * Written to the command's stdin, which is then closed. Without it the
   * command gets end-of-file at once. Never logged.
   */
  stdin?: string | Buffer;
  /** Each piece of stdout as it arrives, before any `maxOutputBytes` cap. */
  onStdout?(chunk: Buffer): void;
  /** Each piece of stderr as it arrives, before any `maxOutputBytes` cap. */
  onStderr?(chunk: Buffer): void;
  /**
   * Aborting it does what a timeout does (SIGKILL request, channel closed),
   * but rejects with an `AbortError` whose `cause` is the signal's reason.
   */
  signal?: AbortSignal;
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
  const { signal } = options;
  if (signal?.aborted) {
    return Promise.reject(abortError(signal));
  }

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

      // Aborted once the command is over: removes the abort listener.
      const over = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      // Stops the command early: without the signal it would keep running
      // on the server after we stop listening.
      const stop = (reason: Error) => {
        clearTimeout(timer);
        over.abort();
        sendSignal(channel, 'KILL');
        channel.close();
        reject(reason);
      };
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(
          () =>
            stop(
              new SshError(
                'timeout',
                `the command did not finish within ${options.timeoutMs} ms`,
              ),
            ),
          options.timeoutMs,
        );
      }
      if (signal?.aborted) {
        // Aborted while the server was opening the channel.
        stop(abortError(signal));
        return;
      }
      signal?.addEventListener('abort', () => stop(abortError(signal)), {
        once: true,
        signal: over.signal,
      });

      // The command reads its input, if any, then end-of-file instead of
      // waiting for more.
      if (options.stdin !== undefined && options.stdin.length > 0) {
        channel.end(options.stdin);
      } else {
        channel.end();
      }
      channel.on('data', (chunk: Buffer) => {
        stdout.push(chunk);
        options.onStdout?.(chunk);
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        options.onStderr?.(chunk);
      });
      channel.on('exit', (code: number | null, exitSignal?: string) => {
        exit = { code, signal: exitSignal ?? null };
      });
      channel.on('close', () => {
        clearTimeout(timer);
        over.abort();
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

/** What an aborted operation rejects with, as Node's own APIs do. */
export function abortError(signal: AbortSignal): Error {
  const error = new Error('The operation was aborted', {
    cause: signal.reason,
  });
  error.name = 'AbortError';
  return error;
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
