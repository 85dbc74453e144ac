import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createPluginRouter,
  parseInput,
  RouteGuardOptions,
  tooManyAttempts,
} from '@opssight/plugin-http-node';
import {
  listRecordingsQuerySchema,
  OpenSessionResponse,
  openSessionRequestSchema,
  recordingIdSchema,
  TerminalRecording,
  terminalRecordingReadAllPermission,
  terminalRecordingReadPermission,
  terminalSessionCreatePermission,
} from '@opssight/plugin-terminal-common';
import express from 'express';
import { Server } from 'node:http';
import { RecordingStore } from '../database/RecordingStore';
import { spec } from '../schema/openapi.generated';
import { asciicastHeader } from './Recorder';
import { publicSettings, TerminalOptions } from './settings';
import { SessionTargets } from './targets';
import { TerminalSessions, TooManySessionsError } from './TerminalSessions';

export interface RouterOptions extends RouteGuardOptions {
  store: RecordingStore;
  sessions: TerminalSessions;
  targets: SessionTargets;
  options: TerminalOptions;
  basePath: string;
  /** Called with the server of every request, so WebSocket upgrades can be heard on it. */
  onServer: (server: Server | undefined) => void;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { permissions, store, sessions, targets } = options;
  const { router, authorize, audited } = createPluginRouter(spec, {
    ...options,
    body: { limitKb: 16 },
    validateRequests: false,
  });

  router.use((req, _res, next) => {
    options.onServer((req.socket as unknown as { server?: Server }).server);
    next();
  });

  /** Whether the caller sees everyone's recordings, or only their own. */
  async function recordingScope(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: terminalRecordingReadAllPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async function readableRecording(
    req: express.Request,
    id: string,
  ): Promise<TerminalRecording> {
    const { credentials, actor } = await authorize(
      req,
      terminalRecordingReadPermission,
    );
    parseInput(recordingIdSchema, id, 'recording');
    const recording = await store.getRecording(id);
    if (!recording) {
      throw new NotFoundError(`No recording with id '${id}'`);
    }
    if (recording.userRef !== actor && !(await recordingScope(credentials))) {
      throw new NotAllowedError('You may watch your own recordings only');
    }
    return recording;
  }

  router.get('/settings', async (req, res) => {
    await authorize(req, terminalSessionCreatePermission);
    res.json(publicSettings(options.options));
  });

  router.post('/sessions', async (req, res) => {
    const { credentials, actor } = await authorize(
      req,
      terminalSessionCreatePermission,
    );
    const body = parseInput(
      openSessionRequestSchema,
      req.body ?? {},
      'session',
    );
    const response = await audited(
      req,
      'terminal-session-request',
      { machineId: body.machineId, credentialId: body.credentialId ?? null },
      async (): Promise<OpenSessionResponse> => {
        if (!actor.startsWith('user:')) {
          throw new NotAllowedError(
            'Terminals are opened by users, not services',
          );
        }
        const target = await targets.resolve({
          machineId: body.machineId,
          credentialId: body.credentialId,
          credentials,
        });
        let sessionId: string;
        try {
          sessionId = sessions.issueTicket({
            userRef: actor,
            target,
            cols: body.cols,
            rows: body.rows,
          });
        } catch (error) {
          if (error instanceof TooManySessionsError) {
            throw tooManyAttempts(res, 30, error.message);
          }
          throw error;
        }
        return {
          sessionId,
          streamPath: `${options.basePath}/sessions/${sessionId}/stream`,
          machine: {
            id: target.machine.id,
            hostname: target.machine.hostname,
            ip: target.machine.ip,
          },
          credentialId: target.credentialId,
        };
      },
    );
    res.status(201).json(response);
  });

  router.get('/recordings', async (req, res) => {
    const { credentials, actor } = await authorize(
      req,
      terminalRecordingReadPermission,
    );
    const query = parseInput(listRecordingsQuerySchema, req.query, 'query');
    if (!(await recordingScope(credentials))) {
      if (query.user && query.user !== actor) {
        throw new NotAllowedError(
          'user: you may list your own recordings only',
        );
      }
      query.user = actor;
    }
    res.json(await store.listRecordings(query));
  });

  router.get('/recordings/:id', async (req, res) => {
    res.json(await readableRecording(req, req.params.id));
  });

  router.get('/recordings/:id/cast', async (req, res) => {
    const recording = await readableRecording(req, req.params.id);
    const stamp = recording.startedAt.replace(/[:.]/g, '-');
    res.setHeader('Content-Type', 'application/x-asciicast; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${recording.machineHostname}-${stamp}.cast"`,
    );
    res.write(asciicastHeader(recording));
    for await (const events of store.readEvents(recording.id)) {
      if (!res.write(events)) {
        await new Promise(resolve => res.once('drain', resolve));
      }
    }
    res.end();
  });

  return router;
}
