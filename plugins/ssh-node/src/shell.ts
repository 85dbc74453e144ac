import { Duplex } from 'node:stream';
import { Client, ClientChannel } from 'ssh2';
import { SshError } from './errors';

/** @public */
export interface ShellOptions {
  cols: number;
  rows: number;
  /** The TERM the remote programs see; defaults to `xterm-256color`. */
  term?: string;
}

/**
 * An interactive login shell on a pseudo-terminal. `stream` carries the
 * terminal's bytes both ways (stderr is merged in by the pty); pausing it stops
 * reading, and SSH's window then stops the server from sending more.
 *
 * @public
 */
export interface SshShell {
  readonly stream: Duplex;
  /** Tells the remote pty its new size (the programs get SIGWINCH). */
  resize(cols: number, rows: number): void;
  /** Called once, when the shell has exited (null for a signal or a lost connection). */
  onExit(listener: (exitCode: number | null) => void): void;
  /** Ends the shell's channel. */
  close(): void;
}

class Ssh2Shell implements SshShell {
  private exitCode: number | null = null;
  private readonly exited: Promise<number | null>;

  constructor(private readonly channel: ClientChannel) {
    channel.on('exit', (code: number | null) => {
      this.exitCode = typeof code === 'number' ? code : null;
    });
    this.exited = new Promise(resolve =>
      channel.once('close', () => resolve(this.exitCode)),
    );
  }

  get stream(): Duplex {
    return this.channel;
  }

  resize(cols: number, rows: number): void {
    // ssh2's setWindow takes rows first.
    this.channel.setWindow(rows, cols, 0, 0);
  }

  onExit(listener: (exitCode: number | null) => void): void {
    this.exited.then(listener);
  }

  close(): void {
    this.channel.close();
  }
}

export function openShell(
  client: Client,
  options: ShellOptions,
  lostReason: () => SshError | undefined,
): Promise<SshShell> {
  return new Promise((resolve, reject) => {
    const failure = lostReason();
    if (failure) {
      reject(failure);
      return;
    }
    client.shell(
      {
        term: options.term ?? 'xterm-256color',
        cols: options.cols,
        rows: options.rows,
      },
      (error: Error | undefined, channel: ClientChannel) => {
        if (error) {
          reject(
            lostReason() ??
              new SshError(
                'protocol',
                `the server refused a shell: ${error.message}`,
                { cause: error },
              ),
          );
          return;
        }
        resolve(new Ssh2Shell(channel));
      },
    );
  });
}
