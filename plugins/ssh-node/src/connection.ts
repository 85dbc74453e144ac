import { Client } from 'ssh2';
import { SshError } from './errors';
import { ExecOptions, ExecResult, runCommand } from './exec';
import { openShell, ShellOptions, SshShell } from './shell';

/**
 * An authenticated SSH connection. Close it when done.
 *
 * @public
 */
export interface SshConnection {
  /** The host key the server presented (`SHA256:…`). */
  readonly fingerprint: string;
  /** How long the TCP connection took to establish, in milliseconds. */
  readonly tcpConnectMs: number;
  /** Runs a command without a terminal; stdin is `options.stdin`, then end-of-file. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Starts an interactive login shell on a pseudo-terminal. */
  shell(options: ShellOptions): Promise<SshShell>;
  /** Called once when the connection closes, for whatever reason. */
  onClose(listener: (reason: SshError) => void): void;
  close(): void;
}

export class Ssh2Connection implements SshConnection {
  readonly fingerprint: string;
  readonly tcpConnectMs: number;
  private lostReason: SshError | undefined;
  private closed = false;

  constructor(
    private readonly client: Client,
    details: { fingerprint: string; tcpConnectMs: number; target: string },
  ) {
    this.fingerprint = details.fingerprint;
    this.tcpConnectMs = details.tcpConnectMs;

    const { target } = details;
    client.on('error', (error: Error & { level?: string }) => {
      this.lostReason ??=
        error.level === 'client-timeout'
          ? new SshError('timeout', `${target} stopped answering keepalives`, {
              cause: error,
            })
          : new SshError(
              'protocol',
              `connection to ${target} failed: ${error.message}`,
              {
                cause: error,
              },
            );
    });
    client.on('close', () => {
      this.closed = true;
      this.lostReason ??= new SshError(
        'protocol',
        `connection to ${target} is closed`,
      );
    });
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return runCommand(this.client, command, options, () => this.lostReason);
  }

  shell(options: ShellOptions): Promise<SshShell> {
    return openShell(this.client, options, () => this.lostReason);
  }

  onClose(listener: (reason: SshError) => void): void {
    if (this.closed) {
      listener(this.lostReason!);
    } else {
      this.client.once('close', () => listener(this.lostReason!));
    }
  }

  close(): void {
    this.client.end();
  }
}
