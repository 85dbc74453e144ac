import type {
  SessionEndReason,
  SessionErrorKind,
} from '@opssight/plugin-terminal-common';
import { errorMessage, errorStatus } from '@opssight/plugin-api-react';

/** Why a session is not (or no longer) running, in the user's words. */
export interface SessionProblem {
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  /** What to do about it, when the message does not say. */
  hint?: string;
  /** A connection test on the machine's page is the way on (no pinned host key yet, or a changed one). */
  suggestConnectionTest?: boolean;
}

/** `POST /sessions` failed: the server's message under a title that says what to do. */
export function openProblem(error: unknown): SessionProblem {
  const message = errorMessage(error);
  switch (errorStatus(error)) {
    case 409:
      return {
        severity: 'error',
        title: 'Run a connection test first',
        message,
        hint: 'A connection test on the machine’s page pins its host key; terminals check every connection against it.',
        suggestConnectionTest: true,
      };
    case 429:
      return { severity: 'error', title: 'Too many terminals open', message };
    case 403:
      return { severity: 'error', title: 'Not allowed', message };
    case 404:
      return { severity: 'error', title: 'Machine not found', message };
    case undefined:
      return {
        severity: 'error',
        title: 'Could not reach the portal',
        message,
      };
    default:
      return {
        severity: 'error',
        title: 'Could not open the terminal',
        message,
      };
  }
}

const ERROR_TITLES: Record<SessionErrorKind, string> = {
  hostkey: 'The host key changed',
  'hostkey-unpinned': 'Run a connection test first',
  auth: 'Login failed',
  credential: 'The credential cannot be used',
  dns: 'Host name not found',
  refused: 'Connection refused',
  timeout: 'The machine did not answer',
  protocol: 'SSH protocol error',
  internal: 'Terminal error',
};

/** The server could not start the session (an `error` message). */
export function startProblem(
  kind: SessionErrorKind,
  message: string,
): SessionProblem {
  return {
    severity: 'error',
    title: ERROR_TITLES[kind] ?? 'Could not start the session',
    message,
    // The server's message says what to check; the machine's page is where.
    suggestConnectionTest: kind === 'hostkey' || kind === 'hostkey-unpinned',
  };
}

/** How each way a session ends (but the shell's exit) is shown. */
const END_PROBLEMS: Partial<
  Record<SessionEndReason, [SessionProblem['severity'], string]>
> = {
  idle: ['warning', 'Closed for inactivity'],
  'max-duration': ['warning', 'The session reached its time limit'],
  shutdown: ['warning', 'The portal restarted'],
  error: ['error', 'The SSH connection dropped'],
  'session-ended': ['warning', 'Signed out'],
  'not-allowed': ['warning', 'Terminals are no longer allowed for you'],
};

/** The server ended the session (a `closed` message). */
export function endProblem(
  reason: SessionEndReason,
  message: string,
  exitCode?: number | null,
): SessionProblem {
  if (reason === 'exit') {
    return {
      severity: 'info',
      title: exitCode
        ? `The shell exited with code ${exitCode}`
        : 'The shell exited',
      message,
    };
  }
  const [severity, title] = END_PROBLEMS[reason] ?? [
    'info',
    'The session was closed',
  ];
  return { severity, title, message };
}

/** The socket closed without the server saying why. */
export function droppedProblem(code: number): SessionProblem {
  return {
    severity: 'error',
    title: 'The connection was lost',
    message: `The connection to the portal closed unexpectedly (code ${code}). Reconnect to start a new session.`,
  };
}
