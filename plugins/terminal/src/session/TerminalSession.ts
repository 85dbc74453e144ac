import type { IdentityApi } from '@backstage/frontend-plugin-api';
import {
  bearerSubprotocol,
  CLOSE_CODES,
  TERMINAL_SUBPROTOCOL,
  type ServerMessage,
  type SessionEndReason,
} from '@opssight/plugin-terminal-common';
import type { TerminalApi } from '../api/TerminalApi';
import {
  droppedProblem,
  endProblem,
  openProblem,
  startProblem,
  type SessionProblem,
} from './problems';
import { TerminalConnection, type SocketFactory } from './TerminalConnection';
import type {
  Disposable,
  TerminalScreen,
  TerminalWriter,
} from './TerminalScreen';

/**
 * - `opening`: asking the backend for a session
 * - `connecting`: WebSocket open, SSH connecting
 * - `connected`: the shell is there
 * - `ended`: the session ended normally (shell exit, idle, time limit)
 * - `failed`: it could not start, or the connection dropped
 */
export type SessionState =
  | 'opening'
  | 'connecting'
  | 'connected'
  | 'ended'
  | 'failed';

export interface SessionMachine {
  id: string;
  hostname: string;
  ip?: string;
}

/** What a tab shows about its session. A new object on every change. */
export interface SessionSnapshot {
  /** The tab's own id; stays the same across reconnects (each gets a new session id). */
  key: string;
  machine: SessionMachine;
  /** The vault credential to log in with; the machine's default when absent. */
  credentialId?: string;
  state: SessionState;
  sessionId?: string;
  /** The account logged in as. */
  username?: string;
  /** The host key the machine presented. */
  fingerprint?: string;
  /** When an idle session closes unless a key is pressed (epoch ms). */
  idleClosesAt?: number;
  /** When the session reaches its maximum length (epoch ms). */
  endsAt?: number;
  problem?: SessionProblem;
  /** How many times the tab has (re)connected. */
  attempts: number;
}

export interface SessionDependencies {
  terminalApi: Pick<TerminalApi, 'openSession' | 'streamUrl' | 'getSettings'>;
  identityApi: Pick<IdentityApi, 'getCredentials'>;
  createSocket: SocketFactory;
  now: () => number;
}

const DEFAULT_SIZE = { cols: 80, rows: 24 };

/**
 * Typing in a terminal is use of the portal: at most this often, keystrokes
 * make one small request, which keeps the portal session from timing out
 * for idleness (the backend closes a terminal whose portal session ended).
 */
export const KEEP_ALIVE_MS = 60_000;

const LIVE: ReadonlySet<SessionState> = new Set([
  'opening',
  'connecting',
  'connected',
]);

/** Close codes that end a session the server meant to end, without a `closed` message first. */
const ENDED_BY_CLOSE_CODE: Record<number, [SessionEndReason, string]> = {
  [CLOSE_CODES.normal]: ['closed', 'The session ended.'],
  [CLOSE_CODES.idle]: ['idle', 'No input for too long.'],
  [CLOSE_CODES.maxDuration]: [
    'max-duration',
    'The session reached its maximum length.',
  ],
  [CLOSE_CODES.shutdown]: ['shutdown', 'The backend is restarting.'],
  [CLOSE_CODES.sessionEnded]: [
    'session-ended',
    'Your session ended; sign in again',
  ],
};

/**
 * One terminal tab: a machine, the screen, and the current connection to it.
 * It outlives the page that shows it, so switching tabs or pages does not end
 * the shell; Reconnect opens a new session in the same tab and screen.
 */
export class TerminalSession {
  private current: SessionSnapshot;
  private connection?: TerminalConnection;
  /** Increments on every (re)connect and on close, so late answers of an old attempt are ignored. */
  private attempt = 0;
  private attachedScreen?: TerminalScreen;
  /** Output that arrived before a screen was attached; drawn when it is. */
  private pendingOutput: Array<
    [Uint8Array | string, (() => void) | undefined]
  > = [];
  private screenListeners: Disposable[] = [];
  private requestedSize = DEFAULT_SIZE;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  /** When keystrokes last kept the portal session alive (see KEEP_ALIVE_MS). */
  private lastKeepAlive = -Infinity;

  private readonly output: TerminalWriter = {
    write: (data, done) => {
      if (this.attachedScreen) {
        this.attachedScreen.write(data, done);
      } else {
        this.pendingOutput.push([data, done]);
      }
    },
  };

  constructor(
    private readonly deps: SessionDependencies,
    init: { key: string; machine: SessionMachine; credentialId?: string },
  ) {
    this.current = {
      key: init.key,
      machine: init.machine,
      credentialId: init.credentialId,
      state: 'opening',
      attempts: 0,
    };
  }

  get snapshot(): SessionSnapshot {
    return this.current;
  }

  get screen(): TerminalScreen | undefined {
    return this.attachedScreen;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Gives the session its screen (once); output received so far is drawn now. */
  attach(screen: TerminalScreen): TerminalScreen {
    if (this.attachedScreen) {
      return this.attachedScreen;
    }
    this.attachedScreen = screen;
    this.screenListeners = [
      screen.onData(data => this.type(data)),
      screen.onBinary(data =>
        this.type(Uint8Array.from(data, c => c.charCodeAt(0) & 0xff)),
      ),
      screen.onResize(({ cols, rows }) => {
        if (this.current.state === 'connected') {
          this.connection?.resize(cols, rows);
        }
      }),
    ];
    const pending = this.pendingOutput;
    this.pendingOutput = [];
    for (const [data, done] of pending) {
      screen.write(data, done);
    }
    return screen;
  }

  /** Opens a session: the first time, and again for Reconnect (a new session id, same tab). */
  async connect(): Promise<void> {
    if (this.disposed) return;
    const attempt = ++this.attempt;
    const stale = () => attempt !== this.attempt;
    this.connection?.close();
    this.connection = undefined;
    if (this.current.attempts > 0) {
      this.output.write(
        `\r\n\x1b[2m── reconnecting to ${this.current.machine.hostname} ──\x1b[0m\r\n`,
      );
    }
    this.update({
      state: 'opening',
      problem: undefined,
      idleClosesAt: undefined,
      endsAt: undefined,
      sessionId: undefined,
      attempts: this.current.attempts + 1,
    });

    const size = this.size();
    this.requestedSize = size;
    let opened;
    try {
      opened = await this.deps.terminalApi.openSession({
        machineId: this.current.machine.id,
        ...(this.current.credentialId && {
          credentialId: this.current.credentialId,
        }),
        cols: size.cols,
        rows: size.rows,
      });
    } catch (e) {
      if (!stale()) this.finish('failed', openProblem(e));
      return;
    }
    if (stale()) return;
    this.update({
      state: 'connecting',
      sessionId: opened.sessionId,
      machine: opened.machine,
      credentialId: opened.credentialId,
    });

    try {
      const url = await this.deps.terminalApi.streamUrl(opened.streamPath);
      const { token } = await this.deps.identityApi.getCredentials();
      if (stale()) return;
      const protocols = [TERMINAL_SUBPROTOCOL];
      if (token) protocols.push(bearerSubprotocol(token));
      const socket = this.deps.createSocket(url, protocols);
      this.connection = new TerminalConnection(socket, {
        output: this.output,
        onMessage: message => {
          if (!stale()) this.receive(message);
        },
        onClose: ({ code, reason }) => {
          if (!stale()) this.closed(code, reason);
        },
      });
    } catch (e) {
      if (!stale()) this.finish('failed', openProblem(e));
    }
  }

  /** Keystrokes. Only a live shell gets them; any key answers an idle warning. */
  type(data: string | Uint8Array): void {
    if (this.current.state !== 'connected' || !this.connection) return;
    this.connection.sendInput(data);
    const now = this.deps.now();
    if (now - this.lastKeepAlive >= KEEP_ALIVE_MS) {
      this.lastKeepAlive = now;
      this.deps.terminalApi.getSettings().catch(() => {});
    }
    if (this.current.idleClosesAt !== undefined) {
      this.update({ idleClosesAt: undefined });
    }
  }

  /** Ends the session for good and frees the screen. */
  close(): void {
    this.disposed = true;
    this.attempt++;
    this.connection?.close();
    this.connection = undefined;
    this.screenListeners.forEach(l => l.dispose());
    this.screenListeners = [];
    this.attachedScreen?.dispose();
    this.attachedScreen = undefined;
    this.pendingOutput = [];
    this.listeners.clear();
  }

  private receive(message: ServerMessage) {
    const now = this.deps.now();
    switch (message.type) {
      case 'ready': {
        this.update({
          state: 'connected',
          sessionId: message.sessionId,
          machine: message.machine,
          username: message.username,
          fingerprint: message.fingerprint,
          endsAt: now + message.maxDurationMs,
        });
        // The screen may have been fitted while the session was opening.
        const size = this.size();
        if (
          size.cols !== this.requestedSize.cols ||
          size.rows !== this.requestedSize.rows
        ) {
          this.connection?.resize(size.cols, size.rows);
        }
        break;
      }
      case 'idle-warning':
        this.update({ idleClosesAt: now + message.closesInMs });
        break;
      case 'error':
        this.finish('failed', startProblem(message.kind, message.message));
        break;
      case 'closed':
        this.finish(
          message.reason === 'error' ? 'failed' : 'ended',
          endProblem(message.reason, message.message, message.exitCode),
        );
        break;
      default:
        break;
    }
  }

  /** The socket closed; if the server said nothing first, say what the close code means. */
  private closed(code: number, reason: string) {
    this.connection = undefined;
    if (!LIVE.has(this.current.state)) return;
    const ended = ENDED_BY_CLOSE_CODE[code];
    if (ended) {
      const [endReason, fallback] = ended;
      this.finish('ended', endProblem(endReason, reason || fallback));
      return;
    }
    switch (code) {
      case CLOSE_CODES.startFailed:
        this.finish('failed', {
          severity: 'error',
          title: 'Could not start the session',
          message: reason || 'The terminal could not connect to the machine.',
        });
        break;
      default:
        this.finish('failed', droppedProblem(code));
    }
  }

  private finish(state: 'ended' | 'failed', problem: SessionProblem) {
    this.update({ state, problem, idleClosesAt: undefined });
  }

  private size() {
    const screen = this.attachedScreen;
    return screen && screen.cols > 0 && screen.rows > 0
      ? { cols: screen.cols, rows: screen.rows }
      : DEFAULT_SIZE;
  }

  private update(changes: Partial<SessionSnapshot>) {
    this.current = { ...this.current, ...changes };
    this.listeners.forEach(listener => listener());
  }
}
