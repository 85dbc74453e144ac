import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AccessSessionsService } from '@opssight/plugin-access-node';
import {
  SESSION_TICKET_TTL_MS,
  terminalSessionCreatePermission,
} from '@opssight/plugin-terminal-common';
import { randomUUID } from 'node:crypto';
import { Request } from 'express';
import { WebSocket } from 'ws';
import { RecordingStore } from '../database/RecordingStore';
import { LiveSession } from './LiveSession';
import { RecorderOptions } from './Recorder';
import { TerminalOptions } from './settings';
import { SessionTarget } from './targets';

export type Ticket = {
  id: string;
  userRef: string;
  target: SessionTarget;
  cols: number;
  rows: number;
  expires: NodeJS.Timeout;
};

export type TerminalSessionsOptions = {
  store: RecordingStore;
  logger: LoggerService;
  auditor: AuditorService;
  options: TerminalOptions;
  recorder?: RecorderOptions;
  /** SSH timeouts; defaults are ssh-node's. */
  ssh?: { connectTimeoutMs?: number; handshakeTimeoutMs?: number };
  /** Local sign-in sessions: a terminal lives no longer than the portal session it was opened from. */
  accessSessions?: AccessSessionsService;
  /** Re-asked now and then whether the user may still have a terminal. */
  permissions?: PermissionsService;
};

/** Who is at the other end of a live terminal, as the WebSocket upgrade found them. */
export type SessionOwner = {
  credentials: BackstageCredentials;
  /** The local sign-in session the user's token was issued for; none for other sign-ins. */
  sessionHandle?: string;
};

const SESSION_ENDED_MESSAGE = 'Your session ended; sign in again';
const NOT_ALLOWED_MESSAGE =
  'Your role no longer allows terminals; ask an admin if you need one';

export class TooManySessionsError extends Error {
  name = 'TooManySessionsError';
}

/**
 * The live terminal sessions of this backend replica: tickets handed out by
 * `POST /sessions`, then WebSockets joined to SSH shells, with their limits
 * and recordings.
 */
export class TerminalSessions {
  private readonly tickets = new Map<string, Ticket>();
  private readonly live = new Map<string, LiveSession>();
  private readonly owners = new Map<string, SessionOwner>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private rechecking: Promise<void> | undefined;

  constructor(private readonly deps: TerminalSessionsOptions) {}

  /** Sessions (waiting or live) a user has on this replica. */
  countFor(userRef: string): number {
    let count = 0;
    for (const t of this.tickets.values()) if (t.userRef === userRef) count++;
    for (const s of this.live.values()) if (s.userRef === userRef) count++;
    return count;
  }

  get liveCount(): number {
    return this.live.size;
  }

  /** Reserves a session for one WebSocket within the ticket's lifetime. */
  issueTicket(options: {
    userRef: string;
    target: SessionTarget;
    cols: number;
    rows: number;
  }): string {
    const { maxSessionsPerUser } = this.deps.options;
    if (this.countFor(options.userRef) >= maxSessionsPerUser) {
      throw new TooManySessionsError(
        `You have ${maxSessionsPerUser} terminal sessions open, the most allowed; close one first`,
      );
    }
    const id = randomUUID();
    const expires = setTimeout(
      () => this.tickets.delete(id),
      SESSION_TICKET_TTL_MS,
    );
    expires.unref();
    this.tickets.set(id, { ...options, id, expires });
    return id;
  }

  /** Takes a ticket for the WebSocket of the user it was issued to (once). */
  takeTicket(id: string, userRef: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) {
      throw new NotFoundError(
        'No such terminal session waiting to connect: it was used or has expired; open the terminal again',
      );
    }
    if (ticket.userRef !== userRef) {
      throw new ConflictError(
        'This terminal session was opened by another user',
      );
    }
    clearTimeout(ticket.expires);
    this.tickets.delete(id);
    return ticket;
  }

  /** Runs a session on an accepted WebSocket until either side ends it. */
  async run(options: {
    ws: WebSocket;
    ticket: Ticket;
    request: Request;
    owner?: SessionOwner;
  }): Promise<void> {
    const session = new LiveSession(this.deps, options.ticket, options.ws);
    this.live.set(session.id, session);
    const { owner } = options;
    let stopListening = () => {};
    if (owner) {
      this.owners.set(session.id, owner);
      this.startRechecks();
      if (owner.sessionHandle && this.deps.accessSessions) {
        // On this replica the end of the portal session is heard at once.
        stopListening = this.deps.accessSessions.onSessionEnded(
          owner.sessionHandle,
          () => void session.end('session-ended', SESSION_ENDED_MESSAGE),
        );
      }
    }
    try {
      await session.run(options.request);
    } catch (error) {
      this.deps.logger.error(
        `Terminal session ${session.id} failed`,
        error as Error,
      );
      await session.end('error', 'The terminal failed; open it again');
    } finally {
      stopListening();
      this.live.delete(session.id);
      this.owners.delete(session.id);
      if (this.owners.size === 0) {
        this.stopRechecks();
      }
      // Whatever happened, the browser is not left with an open, silent socket.
      if (options.ws.readyState === WebSocket.OPEN) {
        options.ws.close(1011, 'internal error');
      }
    }
  }

  /**
   * Ends the live sessions whose portal session has ended (on any replica:
   * the sessions table is the truth) or whose user's role no longer allows
   * terminals. Each portal session and each user is asked once per round,
   * however many terminals they have open. A check that fails (database
   * unreachable) ends nothing: the next round asks again.
   */
  recheck(): Promise<void> {
    this.rechecking ??= this.recheckOnce().finally(() => {
      this.rechecking = undefined;
    });
    return this.rechecking;
  }

  private async recheckOnce(): Promise<void> {
    const { accessSessions, permissions, logger } = this.deps;
    const byHandle = new Map<string, string[]>();
    const byUser = new Map<
      string,
      { credentials: BackstageCredentials; ids: string[] }
    >();
    for (const [id, owner] of this.owners) {
      if (owner.sessionHandle) {
        byHandle.set(owner.sessionHandle, [
          ...(byHandle.get(owner.sessionHandle) ?? []),
          id,
        ]);
      }
      const userRef = this.live.get(id)?.userRef ?? id;
      const entry = byUser.get(userRef) ?? {
        credentials: owner.credentials,
        ids: [],
      };
      entry.ids.push(id);
      byUser.set(userRef, entry);
    }
    const endAll = (ids: string[], reason: 'session-ended' | 'not-allowed') =>
      Promise.all(
        ids.map(id =>
          this.live
            .get(id)
            ?.end(
              reason,
              reason === 'session-ended'
                ? SESSION_ENDED_MESSAGE
                : NOT_ALLOWED_MESSAGE,
            ),
        ),
      );
    const ended = new Set<string>();
    if (accessSessions) {
      await Promise.all(
        [...byHandle].map(async ([handle, ids]) => {
          try {
            if (!(await accessSessions.isSessionLive(handle))) {
              ids.forEach(id => ended.add(id));
              await endAll(ids, 'session-ended');
            }
          } catch (error) {
            logger.warn(
              `Could not check the portal session of terminal(s) ${ids.join(
                ', ',
              )}: ${error}`,
            );
          }
        }),
      );
    }
    if (permissions) {
      await Promise.all(
        [...byUser].map(async ([userRef, { credentials, ids }]) => {
          const open = ids.filter(id => !ended.has(id));
          if (open.length === 0) {
            return;
          }
          try {
            const [decision] = await permissions.authorize(
              [{ permission: terminalSessionCreatePermission }],
              { credentials },
            );
            if (decision.result === AuthorizeResult.DENY) {
              await endAll(open, 'not-allowed');
            }
          } catch (error) {
            // E.g. the token the terminal was opened with has since expired:
            // the portal session above is what says whether the user is still here.
            logger.debug(
              `Could not re-check the terminal permission of ${userRef}: ${error}`,
            );
          }
        }),
      );
    }
  }

  private startRechecks(): void {
    if (this.recheckTimer) {
      return;
    }
    this.recheckTimer = setInterval(
      () => void this.recheck(),
      this.deps.options.sessionCheckIntervalMs,
    );
    this.recheckTimer.unref();
  }

  private stopRechecks(): void {
    clearInterval(this.recheckTimer);
    this.recheckTimer = undefined;
  }

  /** Ends every live session (backend shutdown) and waits for their recordings. */
  async shutdown(): Promise<void> {
    this.stopRechecks();
    await Promise.all([...this.live.values()].map(s => s.end('shutdown')));
  }
}
