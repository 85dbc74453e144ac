import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { AuditEntry } from '@opssight/plugin-audit-common';
import { pluginProbe, testDatabaseIds } from '@opssight/plugin-testing-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuditStore } from '../database/AuditStore';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import auditPlugin from '../index';
import { auditorServiceFactory } from './auditorServiceFactory';
import { auditStoreServiceRef } from './auditStoreServiceRef';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

type Logged = { level: string; message: string; fields: JsonObject };

/** A logger for every plugin that keeps what it was given. */
function capturingLogger(logged: Logged[]) {
  const make = (fields: JsonObject): LoggerService => {
    const at = (level: string) => (message: string, meta?: unknown) => {
      logged.push({
        level,
        message,
        fields: { ...fields, ...(meta as JsonObject | undefined) },
      });
    };
    return {
      error: at('error'),
      warn: at('warn'),
      info: at('info'),
      debug: at('debug'),
      child: more => make({ ...fields, ...more }),
    };
  };
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => make({}),
  });
}

/** A plugin whose routes audit their actions like OpsSight's plugins do. */
function widgetsPlugin(actions: string[]) {
  return createBackendPlugin({
    pluginId: 'widgets',
    register(env) {
      env.registerInit({
        deps: {
          auditor: coreServices.auditor,
          httpRouter: coreServices.httpRouter,
        },
        async init({ auditor, httpRouter }) {
          const router = Router();
          router.use(express.json());

          async function audited<T>(
            req: Request,
            eventId: string,
            severityLevel: AuditorServiceEventSeverityLevel,
            meta: JsonObject,
            action: () => Promise<T>,
          ): Promise<T> {
            const event = await (auditor as AuditorService).createEvent({
              eventId,
              severityLevel,
              request: req,
              meta,
            });
            try {
              const result = await action();
              await event.success({ meta: { done: true } });
              return result;
            } catch (error) {
              await event.fail({ error: error as Error });
              throw error;
            }
          }

          router.post('/widgets', async (req, res) => {
            const widget = await audited(
              req,
              'widget-create',
              'medium',
              req.body,
              async () => {
                actions.push(`create ${req.body.name}`);
                return { name: req.body.name };
              },
            );
            res.status(201).json(widget);
          });

          router.post('/widgets/:name/break', async (req, res) => {
            await audited(
              req,
              'widget-break',
              'medium',
              { name: req.params.name },
              async () => {
                actions.push(`break ${req.params.name}`);
                throw new ConflictError('The widget is already broken');
              },
            );
            res.status(204).end();
          });

          router.get('/widgets/:name', async (req, res) => {
            await audited(
              req,
              'widget-fetch',
              'low',
              { name: req.params.name },
              async () => {
                actions.push(`fetch ${req.params.name}`);
                if (req.query.denied) {
                  throw new NotAllowedError('Not your widget');
                }
              },
            );
            res.json({ name: req.params.name });
          });

          router.post('/jobs', async (_req, res) => {
            // Work started by the plugin itself, outside any request.
            const event = await auditor.createEvent({
              eventId: 'job-run',
              severityLevel: 'high',
              meta: { target: 'job-42' },
            });
            actions.push('job');
            await event.success({ meta: { exitCode: 0 } });
            res.status(202).end();
          });

          httpRouter.use(router);
        },
      });
    },
  });
}

describe.each(databases.eachSupportedId())(
  'auditorServiceFactory on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    /** A second connection to the audit database, as an operator would have. */
    let side: Knex;
    let tmpDir: string | undefined;
    let trail: DatabaseAuditStore;
    let actions: string[];
    let logged: Logged[];

    /** The audit database of plugin id 'audit', configured like a real backend. */
    async function databaseConfig(): Promise<JsonObject> {
      if (databaseId === 'SQLITE_3') {
        tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-'));
        side = knexFactory({
          client: 'better-sqlite3',
          connection: { filename: path.join(tmpDir, 'audit.sqlite') },
          useNullAsDefault: true,
        });
        return {
          client: 'better-sqlite3',
          connection: { directory: tmpDir },
        };
      }
      side = await databases.init(databaseId);
      const { database, ...server } = side.client.config.connection;
      return {
        client: 'pg',
        connection: server,
        plugin: { audit: { connection: { database } } },
      };
    }

    beforeEach(async () => {
      actions = [];
      logged = [];
      backend = await startTestBackend({
        features: [
          widgetsPlugin(actions),
          auditorServiceFactory,
          capturingLogger(logged),
          mockServices.rootConfig.factory({
            data: {
              backend: {
                database: await databaseConfig(),
                auditor: { severityLogLevelMappings: { high: 'warn' } },
              },
            },
          }),
        ],
      });
      trail = await DatabaseAuditStore.create({
        database: { getClient: async () => side },
        skipMigrations: true,
      });
    });

    afterEach(async () => {
      await backend.stop();
      if (tmpDir) {
        await side.destroy();
        fs.rmSync(tmpDir, { recursive: true, force: true });
        tmpDir = undefined;
      }
    });

    const api = () => request(backend.server);
    const entries = async () =>
      (await trail.list({ limit: 1000, offset: 0 })).items.reverse();

    it('writes an initiated and a succeeded entry with actor, request id and client address; the outcome names its start', async () => {
      const res = await api()
        .post('/api/widgets/widgets')
        .set('Authorization', mockCredentials.user.header('user:default/ada'))
        .set('x-request-id', 'req-abc-123')
        .set('User-Agent', 'audit-test')
        .send({ name: 'gear' });
      expect(res.status).toBe(201);
      expect(actions).toEqual(['create gear']);

      const written = await entries();
      const common = {
        plugin: 'widgets',
        actor: 'user:default/ada',
        action: 'widget-create',
        target: 'gear',
        severity: 'medium',
        // Generated by the server; the client's id is kept apart.
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        clientRequestId: 'req-abc-123',
        clientAddress: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
      };
      expect(written).toEqual([
        expect.objectContaining({
          ...common,
          seq: 1,
          outcome: 'initiated',
          initiatedSeq: null,
          details: {
            meta: { name: 'gear' },
            request: { method: 'POST', url: '/api/widgets/widgets' },
            userAgent: 'audit-test',
          },
        }),
        expect.objectContaining({
          ...common,
          seq: 2,
          outcome: 'succeeded',
          initiatedSeq: 1,
          details: {
            meta: { name: 'gear', done: true },
            request: { method: 'POST', url: '/api/widgets/widgets' },
            userAgent: 'audit-test',
          },
        }),
      ]);
      expect(written[1].requestId).toBe(written[0].requestId);
      expect(await trail.verify()).toMatchObject({ ok: true, checked: 2 });
      expect((await trail.listActions({ limit: 10, offset: 0 })).items).toEqual(
        [{ start: written[0], end: written[1] }],
      );

      // Still logged as Backstage's auditor does.
      expect(
        logged
          .filter(l => l.fields.isAuditEvent)
          .map(l => [l.level, l.message, l.fields.status]),
      ).toEqual([
        ['info', 'widgets.widget-create', 'initiated'],
        ['info', 'widgets.widget-create', 'succeeded'],
      ]);
    });

    it("generates the request id whatever the client sends, and keeps the client's apart, cut to 128 characters", async () => {
      await api()
        .post('/api/widgets/widgets')
        .set('x-request-id', `not a valid id; DROP TABLE ${'x'.repeat(300)}`)
        .send({ name: 'a' });
      await api().post('/api/widgets/widgets').send({ name: 'b' });
      // A client cannot make its entries look like another request's.
      await api()
        .post('/api/widgets/widgets')
        .set('x-request-id', 'req-shared')
        .send({ name: 'c' });
      await api()
        .post('/api/widgets/widgets')
        .set('x-request-id', 'req-shared')
        .send({ name: 'd' });
      const [a1, a2, b1, b2, c1, , d1] = await entries();
      expect(a1.clientRequestId).toBe(
        `not a valid id; DROP TABLE ${'x'.repeat(300)}`.slice(0, 128),
      );
      expect(b1.clientRequestId).toBeNull();
      expect(c1.clientRequestId).toBe('req-shared');
      expect(d1.clientRequestId).toBe('req-shared');
      expect(c1.requestId).not.toBe(d1.requestId);
      expect(c1.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(a1.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(a2.requestId).toBe(a1.requestId);
      expect(b1.requestId).toBe(b2.requestId);
      expect(b1.requestId).not.toBe(a1.requestId);
      // The default mock identity, a user.
      expect(a1.actor).toBe('user:default/mock');
    });

    it('writes a failed entry when the action throws, and a denied one for NotAllowedError', async () => {
      const broken = await api().post('/api/widgets/widgets/gear/break');
      expect(broken.status).toBe(409);
      const denied = await api().get('/api/widgets/widgets/gear?denied=1');
      expect(denied.status).toBe(403);

      const written = await entries();
      expect(
        written.map(e => [e.action, e.outcome, e.details.error ?? null]),
      ).toEqual([
        ['widget-break', 'initiated', null],
        [
          'widget-break',
          'failed',
          { name: 'ConflictError', message: 'The widget is already broken' },
        ],
        // A low-severity event is only logged, but its denial is stored.
        [
          'widget-fetch',
          'denied',
          { name: 'NotAllowedError', message: 'Not your widget' },
        ],
      ]);
      expect(await trail.verify()).toMatchObject({ ok: true, checked: 3 });
    });

    it('logs low-severity events without storing them', async () => {
      const res = await api().get('/api/widgets/widgets/gear');
      expect(res.status).toBe(200);
      expect(await entries()).toEqual([]);
      expect(
        logged
          .filter(l => l.fields.isAuditEvent)
          .map(l => [l.level, l.message]),
      ).toEqual([
        ['debug', 'widgets.widget-fetch'],
        ['debug', 'widgets.widget-fetch'],
      ]);
    });

    it('records the plugin itself as the actor of work outside a request', async () => {
      expect((await api().post('/api/widgets/jobs')).status).toBe(202);
      const written = await entries();
      expect(written.map(e => [e.actor, e.target, e.outcome])).toEqual([
        ['plugin:widgets', 'job-42', 'initiated'],
        ['plugin:widgets', 'job-42', 'succeeded'],
      ]);
      expect(written[0].clientAddress).toBeNull();
      expect(written[1].requestId).toBe(written[0].requestId);
      // backend.auditor.severityLogLevelMappings.high is honoured.
      expect(
        logged.filter(l => l.fields.isAuditEvent).map(l => l.level),
      ).toEqual(['warn', 'warn']);
    });

    it('never stores or logs secrets from the meta or the URL', async () => {
      const res = await api()
        .post('/api/widgets/widgets?access_token=url-secret&page=2')
        .send({
          name: 'vault-gear',
          password: 'hunter2',
          ssh: { privateKey: '-----BEGIN KEY-----', user: 'ops' },
          headers: [{ Authorization: 'Bearer abc.def' }],
          clientSecret: 'shh',
        });
      expect(res.status).toBe(201);

      const written = await entries();
      expect(written[0].details).toEqual({
        meta: { name: 'vault-gear', ssh: { user: 'ops' }, headers: [{}] },
        request: { method: 'POST', url: '/api/widgets/widgets?page=2' },
      });
      const raw = JSON.stringify(
        await side('audit_entries').select('details', 'target'),
      );
      const logs = JSON.stringify(logged);
      for (const secret of [
        'hunter2',
        'BEGIN KEY',
        'abc.def',
        'shh',
        'url-secret',
      ]) {
        expect(raw).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
    });

    it('fails the route with a 503 before acting when the trail cannot be written', async () => {
      await side.schema.dropTable('audit_entries');

      const res = await api()
        .post('/api/widgets/widgets')
        .send({ name: 'never' });
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message:
          'The audit trail could not be written, so the action was not carried out',
      });
      expect(actions).toEqual([]);
      expect(
        logged.some(
          l =>
            l.level === 'error' &&
            l.message.includes('Could not write widgets.widget-create'),
        ),
      ).toBe(true);

      const job = await api().post('/api/widgets/jobs');
      expect(job.status).toBe(503);
      expect(actions).toEqual([]);
    });

    it('chains entries from many plugins and concurrent requests without a fork', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api()
            .post('/api/widgets/widgets')
            .send({ name: `w${i}` })
            .expect(201),
        ),
      );
      const written: AuditEntry[] = await entries();
      expect(written.map(e => e.seq)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(await trail.verify()).toMatchObject({ ok: true, checked: 40 });
    });
  },
);

describe('auditorServiceFactory without database config', () => {
  it('shares one in-memory trail between every auditor and the audit plugin', async () => {
    let shared: AuditStore | undefined;
    const probe = pluginProbe('probe', auditStoreServiceRef, store => {
      shared = store;
    });
    const { server } = await startTestBackend({
      features: [
        widgetsPlugin([]),
        auditPlugin,
        probe,
        auditorServiceFactory,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });

    await request(server)
      .post('/api/widgets/widgets')
      .send({ name: 'gear' })
      .expect(201);
    // The audit plugin's own auditor records the denial in the same trail.
    await request(server).get('/api/audit/entries').expect(403);

    const written = (await shared!.list({ limit: 10, offset: 0 })).items;
    expect(written.map(e => [e.plugin, e.action, e.outcome]).reverse()).toEqual(
      [
        ['widgets', 'widget-create', 'initiated'],
        ['widgets', 'widget-create', 'succeeded'],
        ['audit', 'trail-read', 'initiated'],
        ['audit', 'trail-read', 'denied'],
      ],
    );
    expect(await shared!.verify()).toMatchObject({ ok: true, checked: 4 });
  });
});
