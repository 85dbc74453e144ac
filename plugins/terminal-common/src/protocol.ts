/**
 * The terminal WebSocket protocol.
 *
 * 1. `POST /api/terminal/sessions` `{ machineId, credentialId?, cols, rows }`
 *    (the usual bearer token) checks everything that can be checked before
 *    connecting and answers `{ sessionId, streamPath }`; the ticket is good for
 *    one connection within {@link SESSION_TICKET_TTL_MS}.
 * 2. The browser opens a WebSocket to `streamPath` with the subprotocols
 *    `[TERMINAL_SUBPROTOCOL, bearerSubprotocol(token)]`: the identity travels
 *    in a header, never in the URL. The server answers with
 *    `TERMINAL_SUBPROTOCOL` only.
 * 3. Binary frames carry terminal bytes both ways; text frames carry the JSON
 *    control messages below.
 */

/** The protocol the server selects. */
export const TERMINAL_SUBPROTOCOL = 'opssight.terminal.v1';

/** Prefix of the subprotocol that carries the user's Backstage token. */
export const BEARER_SUBPROTOCOL_PREFIX = 'opssight.bearer.';

/** How long a session ticket from `POST /sessions` waits for its WebSocket. */
export const SESSION_TICKET_TTL_MS = 60_000;

/** Base64url: every character is allowed in a subprotocol token. */
function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach(b => {
    binary += String.fromCharCode(b);
  });
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The subprotocol that carries a bearer token. */
export function bearerSubprotocol(token: string): string {
  return `${BEARER_SUBPROTOCOL_PREFIX}${base64url(token)}`;
}

/** The token in a subprotocol made by {@link bearerSubprotocol}, if it is one. */
export function tokenFromSubprotocol(protocol: string): string | undefined {
  if (!protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX)) {
    return undefined;
  }
  const encoded = protocol
    .slice(BEARER_SUBPROTOCOL_PREFIX.length)
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  const binary = atob(encoded);
  return new TextDecoder().decode(
    Uint8Array.from(binary, c => c.charCodeAt(0)),
  );
}

/** Control messages from the browser (text frames). Keystrokes go as binary frames. */
export type ClientMessage =
  | { type: 'resize'; cols: number; rows: number }
  /** The browser's terminal is behind: stop reading from the machine. */
  | { type: 'pause' }
  | { type: 'resume' };

/** Why a session ended. */
export type SessionEndReason =
  /** The shell exited. */
  | 'exit'
  /** No keystroke for the idle timeout. */
  | 'idle'
  /** The maximum session length was reached. */
  | 'max-duration'
  /** The browser closed the connection. */
  | 'closed'
  /** The SSH connection failed or dropped. */
  | 'error'
  /** The backend is shutting down. */
  | 'shutdown'
  /** The user's portal session ended (signed out, disabled, password or role changed). */
  | 'session-ended'
  /** The user's role no longer allows terminals. */
  | 'not-allowed';

/** Why a session could not start (SSH failure kinds, plus the terminal's own). */
export type SessionErrorKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'hostkey'
  /** The machine has no pinned host key yet. */
  | 'hostkey-unpinned'
  | 'protocol'
  | 'auth'
  | 'credential'
  | 'internal';

/** Control messages from the server (text frames). Terminal output goes as binary frames. */
export type ServerMessage =
  | {
      type: 'ready';
      sessionId: string;
      machine: { id: string; hostname: string; ip: string };
      username: string;
      /** The host key the machine presented (it matched the pinned one). */
      fingerprint: string;
      idleTimeoutMs: number;
      maxDurationMs: number;
    }
  /** No keystroke for a while: the session closes in `closesInMs` unless one comes. */
  | { type: 'idle-warning'; closesInMs: number }
  | { type: 'error'; kind: SessionErrorKind; message: string }
  | {
      type: 'closed';
      reason: SessionEndReason;
      message: string;
      exitCode?: number | null;
    };

/** WebSocket close codes the server uses (4000–4999 are the application's). */
export const CLOSE_CODES = {
  normal: 1000,
  /** The session could not start; a ServerMessage of type `error` came first. */
  startFailed: 4001,
  idle: 4002,
  maxDuration: 4003,
  shutdown: 1001,
  /** The user's portal session ended, or their role no longer allows terminals. */
  sessionEnded: 4004,
} as const;
