import {
  BULK_SCRIPT_JOB_KIND,
  BulkRunParams,
} from '@opssight/plugin-clusters-common';
import { JobTarget, TargetErrorKind } from '@opssight/plugin-jobs-common';
import {
  noSshUserMessage,
  sshLoginUser,
} from '@opssight/plugin-machines-common';
import {
  JobAbortReason,
  JobContext,
  JobHandler,
} from '@opssight/plugin-jobs-node';
import {
  connectSsh,
  createLimiter,
  ExecResult,
  SshConnection,
  SshError,
} from '@opssight/plugin-ssh-node';
import {
  CredentialCheckout,
  sshLoginOf,
  VaultService,
} from '@opssight/plugin-vault-node';
import { StringDecoder } from 'node:string_decoder';
import { scriptInvocation } from './command';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * What a target's result keeps of each stream. Above the engine's own cap
 * (64 Ki characters), so the engine sees that something was dropped.
 */
const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
/** Live output per target in the job log; beyond it, only the result keeps (the start of) it. */
const DEFAULT_MAX_LOG_BYTES_PER_TARGET = 1024 * 1024;

/** What the router puts into each target's meta: how to reach the machine. Never secrets. */
export type RunTargetMeta = {
  machineId: string;
  ip: string;
  hostname: string;
  sshPort: number;
  /** The machine's own SSH user ('' when it has none): who to log in as, before the credential's username. */
  sshUser?: string;
  /** The machine's pinned host key; null until a connection test pinned one. */
  hostKeyFingerprint: string | null;
  /** The node's role, when the targets were a cluster's nodes. */
  role?: string;
};

/** @public */
export type BulkScriptHandlerOptions = {
  /** Opens the sealed checkout stored as the job's secret. */
  vault: Pick<VaultService, 'open'>;
  /** TCP connect per host; default 5000 ms (never more than the per-host timeout). */
  connectTimeoutMs?: number;
  /** Key exchange and authentication per host; default 10000 ms (never more than the per-host timeout). */
  handshakeTimeoutMs?: number;
  /** What a target's result keeps of each stream, in bytes; default 256 KiB. */
  maxOutputBytes?: number;
  /** Live output per target written to the job log; default 1 MiB. */
  maxLogBytesPerTarget?: number;
};

type HostOutcome = {
  status: 'succeeded' | 'failed' | 'cancelled';
  errorKind: TargetErrorKind | null;
};

/** A host's output into the job log as it arrives, whole characters only, up to a cap. */
class LiveOutput {
  private readonly decoders = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  private written = 0;
  private capped = false;

  constructor(
    private readonly ctx: JobContext<BulkRunParams>,
    private readonly target: string,
    private readonly maxBytes: number,
  ) {}

  write(stream: 'stdout' | 'stderr', chunk: Buffer) {
    if (this.capped) {
      return;
    }
    let piece = chunk;
    if (this.written + chunk.length > this.maxBytes) {
      piece = chunk.subarray(0, this.maxBytes - this.written);
      this.capped = true;
    }
    this.written += piece.length;
    this.ctx.log(this.decoders[stream].write(piece), {
      stream,
      target: this.target,
    });
    if (this.capped) {
      this.ctx.log(
        `\n[output beyond ${this.maxBytes} bytes is not shown in the log; the result keeps its start]\n`,
        { stream: 'system', target: this.target },
      );
    }
  }

  end() {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      if (rest && !this.capped) {
        this.ctx.log(rest, { stream, target: this.target });
      }
    }
  }
}

class BulkScriptRun {
  private readonly outcomes: HostOutcome[] = [];
  private readonly startedAt = Date.now();

  constructor(
    private readonly ctx: JobContext<BulkRunParams>,
    private readonly options: BulkScriptHandlerOptions,
  ) {}

  async run(): Promise<void> {
    const { ctx } = this;
    const { params, signal } = ctx;
    const login = this.login();
    const { command, stdin } = scriptInvocation(params.script, {
      sudo: params.sudo,
      password: params.sudo ? login.password : undefined,
    });
    const what = params.snippetName
      ? `snippet '${params.snippetName}'`
      : 'the script';
    const users = [
      ...new Set(
        ctx.targets.map(
          target =>
            sshLoginUser(
              target.meta as Partial<RunTargetMeta>,
              login.username,
            ) ?? '(nobody)',
        ),
      ),
    ];
    const how = `as ${users.join(', ')}${params.sudo ? ' with sudo' : ''}`;
    ctx.log(
      `Running ${what} on ${ctx.targets.length} host(s) ${how}, ${params.concurrency} at a time, at most ${params.timeoutSeconds} s each\n`,
      { stream: 'system' },
    );

    const limit = createLimiter(Math.max(1, params.concurrency));
    const results = await Promise.allSettled(
      ctx.targets.map(target =>
        limit(async () => {
          // Cancelled or timed out: no new hosts. The engine records the
          // targets never started.
          if (!signal.aborted) {
            await this.runOn(target, login, command, stdin);
          }
        }),
      ),
    );
    const failure = results.find(r => r.status === 'rejected');
    if (failure) {
      // Only the engine's own calls throw (its database); hosts' failures are results.
      throw (failure as PromiseRejectedResult).reason;
    }
    if (!signal.aborted) {
      ctx.log(`${this.summary()}\n`, { stream: 'system' });
    }
  }

  private login() {
    const checkout = this.ctx.secret as unknown as CredentialCheckout | null;
    if (!checkout || typeof checkout !== 'object' || !checkout.sealed) {
      throw new Error(
        'the run has no credential (it is removed when a run ends; re-run it to check one out again)',
      );
    }
    let secret;
    try {
      secret = this.options.vault.open(checkout);
    } catch (error) {
      throw new Error(
        `credential '${checkout.id}' could not be decrypted on this backend: ${
          (error as Error).message
        }`,
      );
    }
    const login = sshLoginOf(secret);
    if (!login) {
      throw new Error(
        `credential '${checkout.id}' is an API token; a bulk run logs in with an SSH key or a password`,
      );
    }
    return login;
  }

  private async runOn(
    target: JobTarget,
    login: NonNullable<ReturnType<typeof sshLoginOf>>,
    command: string,
    stdin: string,
  ): Promise<void> {
    const { ctx } = this;
    const { key } = target;
    const meta = target.meta as Partial<RunTargetMeta>;
    await ctx.startTarget(key);

    const fail = async (
      errorKind: TargetErrorKind,
      errorMessage: string,
      result?: Partial<ExecResult>,
    ) => {
      this.outcomes.push({ status: 'failed', errorKind });
      ctx.log(`${target.label}: ${errorKind}: ${errorMessage}\n`, {
        stream: 'system',
        target: key,
      });
      await ctx.finishTarget(key, {
        status: 'failed',
        exitCode: result?.exitCode ?? null,
        stdout: result?.stdout,
        stderr: result?.stderr,
        errorKind,
        errorMessage,
        meta: result?.signal ? { signal: result.signal } : undefined,
      });
    };

    if (!meta.ip || !meta.sshPort) {
      await fail('connect', 'the machine has no address to connect to');
      return;
    }

    const username = sshLoginUser(meta, login.username);
    if (!username) {
      await fail('auth', noSshUserMessage({ hostname: target.label }));
      return;
    }

    const perHostMs = this.ctx.params.timeoutSeconds * 1000;
    const { signal } = ctx;
    let connection: SshConnection;
    try {
      connection = await connectSsh({
        host: meta.ip,
        port: meta.sshPort,
        ...login,
        username,
        expectedFingerprint: meta.hostKeyFingerprint,
        // A run never trusts a key on first use: ssh-node refuses, before any
        // traffic, a host whose key no connection test has pinned.
        requirePinnedHostKey: true,
        connectTimeoutMs: Math.min(
          this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
          perHostMs,
        ),
        handshakeTimeoutMs: Math.min(
          this.options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
          perHostMs,
        ),
        signal,
      });
    } catch (error) {
      if (signal.aborted) {
        await this.stopped(target);
        return;
      }
      await fail(connectErrorKind(error), messageOf(error));
      return;
    }

    const live = new LiveOutput(
      ctx,
      key,
      this.options.maxLogBytesPerTarget ?? DEFAULT_MAX_LOG_BYTES_PER_TARGET,
    );
    let result: ExecResult;
    try {
      result = await connection.exec(command, {
        stdin,
        timeoutMs: perHostMs,
        maxOutputBytes: this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
        onStdout: chunk => live.write('stdout', chunk),
        onStderr: chunk => live.write('stderr', chunk),
        signal,
      });
    } catch (error) {
      live.end();
      if (signal.aborted) {
        await this.stopped(target);
      } else if (error instanceof SshError && error.kind === 'timeout') {
        await fail('timeout', error.message);
      } else {
        // The connection or the channel failed under the command.
        await fail('exec', messageOf(error));
      }
      return;
    } finally {
      connection.close();
    }
    live.end();

    if (result.exitCode === 0) {
      this.outcomes.push({ status: 'succeeded', errorKind: null });
      await ctx.finishTarget(key, {
        status: 'succeeded',
        exitCode: 0,
        stdout: result.stdout,
        stderr: result.stderr,
      });
      return;
    }
    await fail(
      'exec',
      result.signal
        ? `the script was ended by ${result.signal}`
        : `the script exited with code ${result.exitCode ?? 'unknown'}`,
      result,
    );
  }

  /**
   * A host under way when the job was cancelled or timed out. The engine
   * ends the job; this records what the host was doing, if it still can.
   */
  private async stopped(target: JobTarget) {
    const reason = this.ctx.signal.reason as JobAbortReason;
    const timedOut = reason === 'timeout';
    this.outcomes.push({
      status: timedOut ? 'failed' : 'cancelled',
      errorKind: timedOut ? 'timeout' : null,
    });
    const why = {
      timeout: 'the run timed out',
      cancelled: 'the run was cancelled',
      shutdown: 'the backend running it shut down',
    }[reason];
    await this.ctx.finishTarget(target.key, {
      status: timedOut ? 'failed' : 'cancelled',
      errorKind: timedOut ? 'timeout' : null,
      errorMessage: `${
        why ?? 'the run was stopped'
      } while the script was running here`,
    });
  }

  private summary(): string {
    const total = this.ctx.targets.length;
    const succeeded = this.outcomes.filter(
      o => o.status === 'succeeded',
    ).length;
    const failedKinds = new Map<string, number>();
    for (const outcome of this.outcomes) {
      if (outcome.status === 'failed' && outcome.errorKind) {
        failedKinds.set(
          outcome.errorKind,
          (failedKinds.get(outcome.errorKind) ?? 0) + 1,
        );
      }
    }
    const failed = [...failedKinds.values()].reduce((a, b) => a + b, 0);
    const kinds = [...failedKinds.entries()]
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    return `Done: ${succeeded} of ${total} host(s) succeeded, ${failed} failed${
      kinds ? ` (${kinds})` : ''
    } in ${seconds} s`;
  }
}

/**
 * Runs a bulk run's script on every target over SSH, `concurrency` hosts at a
 * time, each with the per-host timeout, streaming output into the job log.
 * The credential is the sealed vault checkout stored as the job's secret.
 *
 * @public
 */
export function bulkScriptHandler(
  options: BulkScriptHandlerOptions,
): JobHandler<BulkRunParams> {
  return {
    kind: BULK_SCRIPT_JOB_KIND,
    run: ctx => new BulkScriptRun(ctx, options).run(),
  };
}

/** Why a connection could not be made, as a target error kind. */
export function connectErrorKind(error: unknown): TargetErrorKind {
  if (error instanceof SshError) {
    switch (error.kind) {
      case 'auth':
        return 'auth';
      case 'hostkey':
        return 'hostkey-changed';
      case 'hostkey-unpinned':
        return 'hostkey-unpinned';
      default:
        // dns, refused, protocol, and timeouts while connecting.
        return 'connect';
    }
  }
  return 'connect';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
