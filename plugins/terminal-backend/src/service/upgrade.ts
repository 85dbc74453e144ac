import {
  AuthService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  isError,
  NotAllowedError,
} from '@backstage/errors';
import {
  AccessSessionsService,
  sessionHandleOfToken,
} from '@opssight/plugin-access-node';
import { RouteGuard } from '@opssight/plugin-http-node';
import {
  TERMINAL_SUBPROTOCOL,
  terminalSessionCreatePermission,
  tokenFromSubprotocol,
} from '@opssight/plugin-terminal-common';
import { IncomingMessage, Server, STATUS_CODES } from 'node:http';
import { Duplex } from 'node:stream';
import { Request } from 'express';
import { WebSocketServer } from 'ws';
import { SessionOwner, TerminalSessions } from './TerminalSessions';

/** Keystrokes and pastes; a larger frame closes the socket. */
const MAX_FRAME_BYTES = 1024 * 1024;

const STREAM_PATH = /^\/sessions\/([0-9a-f-]{36})\/stream$/;

/**
 * The terminal's own WebSocket upgrade (Backstage's root router only speaks
 * HTTP), as the signals plugin does it: the first request that reaches the
 * plugin's router tells which server to listen on. Every upgrade is checked
 * like an HTTP request and more: Origin (against cross-site WebSocket
 * hijacking), the user's token (from a subprotocol, never the URL), that
 * their portal session still stands, the permission, and that the session
 * ticket is theirs.
 */
export class TerminalUpgrades {
  private readonly servers = new WeakSet<Server>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: protocols =>
      protocols.has(TERMINAL_SUBPROTOCOL) ? TERMINAL_SUBPROTOCOL : false,
  });

  constructor(
    private readonly deps: {
      basePath: string;
      allowedOrigins: string[];
      httpAuth: HttpAuthService;
      auth: AuthService;
      accessSessions: AccessSessionsService;
      guard: RouteGuard;
      sessions: TerminalSessions;
      logger: LoggerService;
    },
  ) {}

  /** Listens for upgrades on the server a request came through. */
  attach(server: Server | undefined): void {
    if (!server || this.servers.has(server)) {
      return;
    }
    this.servers.add(server);
    server.on(
      'upgrade',
      (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        const path = new URL(request.url ?? '/', 'http://x').pathname;
        if (!path.startsWith(`${this.deps.basePath}/`)) {
          return; // Another plugin's upgrade.
        }
        const match = STREAM_PATH.exec(path.slice(this.deps.basePath.length));
        this.handle(asExpressRequest(request), socket, head, match?.[1]).catch(
          error => {
            this.deps.logger.error('Terminal WebSocket upgrade failed', error);
            reject(socket, 500, 'The terminal could not be opened');
          },
        );
      },
    );
  }

  private async handle(
    request: Request,
    socket: Duplex,
    head: Buffer,
    sessionId: string | undefined,
  ): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (!sessionId) {
      reject(socket, 404, 'No such terminal endpoint');
      return;
    }
    const origin = request.headers.origin;
    if (!origin || !this.deps.allowedOrigins.includes(origin)) {
      this.deps.logger.warn(
        `Refused a terminal WebSocket from origin ${origin ?? '(none)'}`,
      );
      reject(
        socket,
        403,
        `Origin ${
          origin ?? '(none)'
        } may not open terminals; allowed: ${this.deps.allowedOrigins.join(
          ', ',
        )}`,
      );
      return;
    }

    let ticketUser: string;
    let owner: SessionOwner;
    try {
      owner = await this.authenticate(request);
      await this.deps.guard.authorize(request, terminalSessionCreatePermission);
      ticketUser = (owner.credentials.principal as { userEntityRef: string })
        .userEntityRef;
    } catch (error) {
      const status =
        isError(error) && error.name === 'NotAllowedError' ? 403 : 401;
      reject(socket, status, isError(error) ? error.message : String(error));
      return;
    }

    let ticket;
    try {
      ticket = this.deps.sessions.takeTicket(sessionId, ticketUser);
    } catch (error) {
      reject(
        socket,
        isError(error) && error.name === 'NotFoundError' ? 404 : 409,
        (error as Error).message,
      );
      return;
    }

    this.wss.handleUpgrade(request, socket, head, ws => {
      if (ws.protocol !== TERMINAL_SUBPROTOCOL) {
        ws.close(1002, `Use the subprotocol ${TERMINAL_SUBPROTOCOL}`);
        return;
      }
      this.deps.sessions
        .run({ ws, ticket, request, owner })
        .catch(error =>
          this.deps.logger.error(`Terminal session ${sessionId} failed`, error),
        );
    });
  }

  /**
   * The user behind the token in the subprotocols. The token is put where
   * Backstage's HTTP auth reads it, so the request is authenticated (and
   * audited) exactly like an HTTP one.
   */
  private async authenticate(request: Request): Promise<SessionOwner> {
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map(p => p.trim());
    let token: string | undefined;
    try {
      token = offered.map(tokenFromSubprotocol).find(Boolean);
    } catch {
      token = undefined;
    }
    if (!token) {
      throw new AuthenticationError(
        'Send your token in the WebSocket subprotocols (see the terminal protocol)',
      );
    }
    request.headers.authorization = `Bearer ${token}`;
    const credentials = await this.deps.httpAuth.credentials(request, {
      allow: ['user'],
    });
    // The token was verified just above, so its session claim can be trusted.
    const sessionHandle = sessionHandleOfToken(token);
    await this.ensurePortalSession(sessionHandle);
    return { credentials, sessionHandle };
  }

  /**
   * The portal's session guard sees HTTP requests only, so an upgrade asks
   * the sessions service what the guard would: 401 once the user signed out,
   * timed out or was disabled, 403 while the password must be changed.
   * Tokens of other sign-ins name no session and pass.
   */
  private async ensurePortalSession(
    sessionHandle: string | undefined,
  ): Promise<void> {
    if (sessionHandle === undefined) {
      return;
    }
    const session = await this.deps.accessSessions.findSessionByHandle(
      sessionHandle,
    );
    if (!session) {
      throw new AuthenticationError('Your session has ended; sign in again');
    }
    if (session.user.mustChangePassword) {
      throw new NotAllowedError('password change required');
    }
  }
}

/**
 * What Backstage's HTTP auth and auditor read of a request, on an upgrade
 * that never went through Express: the same checks and audit entries as any
 * route.
 */
function asExpressRequest(request: IncomingMessage): Request {
  const host = request.headers.host ?? '';
  return Object.assign(request, {
    originalUrl: request.url,
    ip: request.socket.remoteAddress,
    hostname: host.replace(/:\d+$/, ''),
    get(name: string) {
      return request.headers[name.toLowerCase()];
    },
  }) as unknown as Request;
}

/** Answers an upgrade with a plain HTTP error and hangs up. */
function reject(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) {
    return;
  }
  const body = JSON.stringify({
    error: { name: STATUS_CODES[status] ?? 'Error', message },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
