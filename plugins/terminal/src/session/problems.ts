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

/** The server ended the session (a `closed` message). */
export function endProblem(
  reason: SessionEndReason,
  message: string,
  exitCode?: number | null,
): SessionProblem {
  switch (reason) {
    case 'exit':
      return {
        severity: 'info',
        title: exitCode
          ? `The shell exited with code ${exitCode}`
          : 'The shell exited',
        message,
      };
    case 'idle':
      return { severity: 'warning', title: 'Closed for inactivity', message };
    case 'max-duration':
      return {
        severity: 'warning',
        title: 'The session reached its time limit',
        message,
      };
    case 'shutdown':
      return { severity: 'warning', title: 'The portal restarted', message };
    case 'error':
      return {
        severity: 'error',
        title: 'The SSH connection dropped',
        message,
      };
    case 'session-ended':
      return { severity: 'warning', title: 'Signed out', message };
    case 'not-allowed':
      return {
        severity: 'warning',
        title: 'Terminals are no longer allowed for you',
        message,
      };
    default:
      return { severity: 'info', title: 'The session was closed', message };
  }
}

/** The socket closed without the server saying why. */
export function droppedProblem(code: number): SessionProblem {
  return {
    severity: 'error',
    title: 'The connection was lost',
    message: `The connection to the portal closed unexpectedly (code ${code}). Reconnect to start a new session.`,
  };
}
