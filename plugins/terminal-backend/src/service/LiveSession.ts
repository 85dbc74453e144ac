import {
  connectSsh,
  SshConnection,
  SshError,
  SshShell,
} from '@opssight/plugin-ssh-node';
import {
  CLOSE_CODES,
  ServerMessage,
  SessionEndReason,
} from '@opssight/plugin-terminal-common';
import { Request } from 'express';
import { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { DEFAULT_RECORDER_OPTIONS, Recorder } from './Recorder';
import { SessionTarget } from './targets';
import type { Ticket, TerminalSessionsOptions } from './TerminalSessions';

/** Flow control: pause the machine's output above this many bytes waiting for the browser... */
const SEND_HIGH_WATER = 1024 * 1024;
/** ...and go on below this many. */
const SEND_LOW_WATER = 256 * 1024;
/** The same for recording chunks waiting for the database (bytes). */
const RECORD_HIGH_WATER = 8 * 1024 * 1024;
/**
 * Output that arrives in one turn of the event loop (often hundreds of SSH
 * packets in a flood) goes out as one WebSocket frame and one recorded piece,
 * up to this many bytes; a lone keystroke's echo still goes out at once.
 */
const OUTPUT_BATCH_BYTES = 256 * 1024;
/** Browsers and proxies drop quiet sockets; a ping keeps them and finds dead ones. */
const PING_INTERVAL_MS = 30_000;

const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('resize'),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
]);

/** One terminal: a WebSocket joined to an SSH shell, recorded, with its limits. */
export class LiveSession {
  readonly id: string;
  readonly userRef: string;
  private connection: SshConnection | undefined;
  private shell: SshShell | undefined;
  private recorder: Recorder | undefined;
  /** Output from the machine not yet sent nor recorded (this turn of the event loop). */
  private outputBatch: Buffer[] = [];
  private outputBatchBytes = 0;
  private outputFlushScheduled = false;
  private clientPaused = false;
  private streamPaused = false;
  private ended = false;
  private endReason: SessionEndReason = 'closed';
  private endMessage = '';
  private exitCode: number | null | undefined;
  private resolveDone!: () => void;
  private readonly done = new Promise<void>(r => (this.resolveDone = r));
  private readonly timers: NodeJS.Timeout[] = [];
  private idleWarning: NodeJS.Timeout | undefined;
  private idleClose: NodeJS.Timeout | undefined;
  private alive = true;

  constructor(
    private readonly deps: TerminalSessionsOptions,
    private readonly ticket: Ticket,
    private readonly ws: WebSocket,
  ) {
    this.id = ticket.id;
    this.userRef = ticket.userRef;
  }

  async run(request: Request): Promise<void> {
    const { target } = this.ticket;
    const { machine } = target;
    const { store, auditor, options } = this.deps;
    this.ws.on('close', () => void this.end('closed'));
    this.ws.on('error', () => void this.end('closed'));

    let connection: SshConnection;
    let shell: SshShell;
    try {
      connection = await connectSsh({
        host: machine.ip,
        port: machine.sshPort,
        expectedFingerprint: machine.hostKeyFingerprint,
        ...target.login,
        ...this.deps.ssh,
      });
      this.connection = connection;
      shell = await connection.shell({
        cols: this.ticket.cols,
        rows: this.ticket.rows,
      });
      this.shell = shell;
    } catch (error) {
      this.connection?.close();
      await this.refuse(error as Error, request);
      return;
    }
    if (this.ended) {
      // The browser left during the handshake.
      shell.close();
      connection.close();
      this.resolveDone();
      return;
    }

    const startedAt = new Date().toISOString();
    await store.startSession({
      id: this.id,
      userRef: this.userRef,
      machineId: machine.id,
      machineHostname: machine.hostname,
      machineIp: machine.ip,
      credentialId: target.credentialId,
      username: target.login.username,
      cols: this.ticket.cols,
      rows: this.ticket.rows,
      startedAt,
      hasInput: options.recordInput,
    });
    const recorder = new Recorder(
      store,
      this.id,
      this.deps.recorder ?? DEFAULT_RECORDER_OPTIONS,
      () => this.maybeResume(),
      error => {
        this.deps.logger.error(
          `Terminal session ${this.id}: recording failed, ending the session`,
          error,
        );
        void this.end(
          'error',
          'The session could not be recorded, so it was ended',
        );
      },
    );
    this.recorder = recorder;
    const audit = await auditor.createEvent({
      eventId: 'terminal-session',
      request,
      severityLevel: 'medium',
      meta: {
        sessionId: this.id,
        machineId: machine.id,
        machine: `${machine.hostname} (${machine.ip})`,
        credentialId: target.credentialId,
        username: target.login.username,
        recording: `/terminal/recordings/${this.id}`,
      },
    });

    this.send({
      type: 'ready',
      sessionId: this.id,
      machine: { id: machine.id, hostname: machine.hostname, ip: machine.ip },
      username: target.login.username,
      fingerprint: connection.fingerprint,
      idleTimeoutMs: options.idleTimeoutMs,
      maxDurationMs: options.maxDurationMs,
    });

    shell.stream.on('data', (chunk: Buffer) => this.onOutput(chunk));
    shell.onExit(code => {
      this.exitCode = code;
      void this.end('exit');
    });
    connection.onClose(reason => void this.end('error', reason.message));
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.timers.push(
      setInterval(() => {
        if (!this.alive) {
          this.ws.terminate();
          return;
        }
        this.alive = false;
        this.ws.ping();
      }, PING_INTERVAL_MS),
      setTimeout(
        () =>
          void this.end(
            'max-duration',
            `The session reached its maximum length of ${formatDuration(
              options.maxDurationMs,
            )}`,
          ),
        options.maxDurationMs,
      ),
    );
    this.armIdle();

    await this.done;
    await audit.success({
      meta: {
        endReason: this.endReason,
        durationMs: Date.now() - Date.parse(startedAt),
        ...(this.exitCode !== undefined ? { exitCode: this.exitCode } : {}),
      },
    });
  }

  /** Ends the session once, whoever asks first; waits for the recording. */
  async end(reason: SessionEndReason, message?: string): Promise<void> {
    if (this.ended) {
      return this.done;
    }
    // What the machine said last is sent and recorded before the end.
    this.flushOutput();
    this.ended = true;
    this.endReason = reason;
    this.endMessage = message ?? defaultEndMessage(reason, this.exitCode);
    this.timers.forEach(t => clearTimeout(t));
    clearTimeout(this.idleWarning);
    clearTimeout(this.idleClose);
    if (!this.shell) {
      // Still connecting: run() sees `ended` and stops there.
      return undefined;
    }
    this.shell.close();
    this.connection?.close();
    try {
      await this.recorder?.finish();
      await this.deps.store.endSession(this.id, {
        endedAt: new Date().toISOString(),
        endReason: reason,
      });
    } catch (error) {
      this.deps.logger.error(
        `Terminal session ${this.id}: could not finish its recording`,
        error as Error,
      );
    }
    if (this.ws.readyState === WebSocket.OPEN) {
      this.send({
        type: 'closed',
        reason,
        message: this.endMessage,
        ...(reason === 'exit' ? { exitCode: this.exitCode ?? null } : {}),
      });
      this.ws.close(closeCodeOf(reason), reason);
    }
    this.resolveDone();
    return this.done;
  }

  private async refuse(error: Error, request: Request): Promise<void> {
    const kind = error instanceof SshError ? error.kind : 'internal';
    const message =
      error instanceof SshError
        ? sshFailureMessage(error, this.ticket.target)
        : 'The terminal could not be started';
    if (!(error instanceof SshError)) {
      this.deps.logger.error(
        `Terminal session ${this.id} failed to start`,
        error,
      );
    }
    const event = await this.deps.auditor.createEvent({
      eventId: 'terminal-session',
      request,
      severityLevel: 'medium',
      meta: {
        sessionId: this.id,
        machineId: this.ticket.target.machine.id,
        credentialId: this.ticket.target.credentialId,
      },
    });
    await event.fail({ error: new Error(message) });
    if (this.ws.readyState === WebSocket.OPEN) {
      this.send({ type: 'error', kind, message });
      this.ws.close(CLOSE_CODES.startFailed, kind);
    }
    this.ended = true;
    this.resolveDone();
  }

  private onOutput(chunk: Buffer): void {
    if (this.ended) {
      return;
    }
    this.outputBatch.push(chunk);
    this.outputBatchBytes += chunk.length;
    if (this.outputBatchBytes >= OUTPUT_BATCH_BYTES) {
      this.flushOutput();
    } else if (!this.outputFlushScheduled) {
      // After the packets already read in this turn of the event loop, not later.
      this.outputFlushScheduled = true;
      setImmediate(this.scheduledFlush);
    }
  }

  private readonly scheduledFlush = () => {
    this.outputFlushScheduled = false;
    this.flushOutput();
  };

  private readonly afterSend = () => this.maybeResume();

  /** Sends and records the output batched so far, then applies flow control. */
  private flushOutput(): void {
    if (this.outputBatchBytes === 0 || this.ended) {
      return;
    }
    const batch = this.outputBatch;
    const length = this.outputBatchBytes;
    this.outputBatch = [];
    this.outputBatchBytes = 0;
    const data = batch.length === 1 ? batch[0] : Buffer.concat(batch, length);
    this.recorder!.recordOutput(data);
    this.ws.send(data, { binary: true }, this.afterSend);
    if (
      this.ws.bufferedAmount > SEND_HIGH_WATER ||
      this.recorder!.backlogBytes > RECORD_HIGH_WATER
    ) {
      this.pauseStream();
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ended) {
      return;
    }
    // Output that came before this message is recorded before it.
    this.flushOutput();
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      this.armIdle();
      if (this.deps.options.recordInput) {
        this.recorder!.recordInput(bytes);
      }
      this.shell!.stream.write(bytes);
      return;
    }
    let message;
    try {
      message = clientMessageSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      // A confused client gets told, not a crash.
      this.send({
        type: 'error',
        kind: 'protocol',
        message: 'Unknown control message; expected resize, pause or resume',
      });
      return;
    }
    switch (message.type) {
      case 'resize':
        this.shell!.resize(message.cols, message.rows);
        this.recorder!.recordResize(message.cols, message.rows);
        break;
      case 'pause':
        this.clientPaused = true;
        this.pauseStream();
        break;
      case 'resume':
        this.clientPaused = false;
        this.maybeResume();
        break;
      default:
    }
  }

  private pauseStream(): void {
    if (!this.streamPaused) {
      this.streamPaused = true;
      this.shell!.stream.pause();
    }
  }

  private maybeResume(): void {
    if (
      this.streamPaused &&
      !this.ended &&
      !this.clientPaused &&
      this.ws.bufferedAmount < SEND_LOW_WATER &&
      this.recorder!.backlogBytes < RECORD_HIGH_WATER / 2
    ) {
      this.streamPaused = false;
      this.shell!.stream.resume();
    }
  }

  /** Restarts the idle clock: a warning first, then the end. */
  private armIdle(): void {
    const { idleTimeoutMs, idleWarningMs } = this.deps.options;
    clearTimeout(this.idleWarning);
    clearTimeout(this.idleClose);
    this.idleWarning = setTimeout(
      () => this.send({ type: 'idle-warning', closesInMs: idleWarningMs }),
      idleTimeoutMs - idleWarningMs,
    );
    this.idleClose = setTimeout(
      () =>
        void this.end(
          'idle',
          `Closed after ${formatDuration(idleTimeoutMs)} without a keystroke`,
        ),
      idleTimeoutMs,
    );
  }

  private send(message: ServerMessage): void {
    this.flushOutput();
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
    }
  }
}

function closeCodeOf(reason: SessionEndReason): number {
  switch (reason) {
    case 'idle':
      return CLOSE_CODES.idle;
    case 'max-duration':
      return CLOSE_CODES.maxDuration;
    case 'shutdown':
      return CLOSE_CODES.shutdown;
    case 'session-ended':
    case 'not-allowed':
      return CLOSE_CODES.sessionEnded;
    default:
      return CLOSE_CODES.normal;
  }
}

function defaultEndMessage(
  reason: SessionEndReason,
  exitCode: number | null | undefined,
): string {
  switch (reason) {
    case 'exit':
      return exitCode === null || exitCode === undefined
        ? 'The shell ended'
        : `The shell exited with code ${exitCode}`;
    case 'shutdown':
      return 'The portal backend is restarting; reconnect in a moment';
    case 'error':
      return 'The connection to the machine was lost';
    case 'session-ended':
      return 'Your session ended; sign in again';
    default:
      return 'The session ended';
  }
}

function sshFailureMessage(error: SshError, target: SessionTarget): string {
  const { machine } = target;
  switch (error.kind) {
    case 'hostkey':
      return `The host key of ${machine.hostname} has changed (${error.message}). This can mean the machine was reinstalled, or that someone is intercepting the connection. Check with its owner, then forget the old key on the machine's page and test the connection again.`;
    case 'auth':
      return `${machine.hostname} refused the login: ${error.message}`;
    default:
      return `Could not connect to ${machine.hostname} (${machine.ip}:${machine.sshPort}): ${error.message}`;
  }
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
