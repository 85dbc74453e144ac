import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { SESSION_TICKET_TTL_MS } from '@opssight/plugin-terminal-common';
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
};

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
  }): Promise<void> {
    const session = new LiveSession(this.deps, options.ticket, options.ws);
    this.live.set(session.id, session);
    try {
      await session.run(options.request);
    } catch (error) {
      this.deps.logger.error(
        `Terminal session ${session.id} failed`,
        error as Error,
      );
      await session.end('error', 'The terminal failed; open it again');
    } finally {
      this.live.delete(session.id);
      // Whatever happened, the browser is not left with an open, silent socket.
      if (options.ws.readyState === WebSocket.OPEN) {
        options.ws.close(1011, 'internal error');
      }
    }
  }

  /** Ends every live session (backend shutdown) and waits for their recordings. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.live.values()].map(s => s.end('shutdown')));
  }
}
