import {
  BackstageCredentials,
  createBackendPlugin,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  automationPermissions,
  Template,
} from '@opssight/plugin-automation-common';
import { pluginServices } from '@opssight/plugin-http-node';
import { Job } from '@opssight/plugin-jobs-common';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { InMemoryMachinesService } from '@opssight/plugin-machines-node/testing';
import { RunDirectories } from '@opssight/plugin-runner-node';
import {
  rolePermissions,
  rowValuesAsText,
  TEST_ROLES,
  TEST_USERS,
} from '@opssight/plugin-testing-node';
import {
  openSecretFields,
  VaultCipher,
  VaultService,
  vaultServiceRef,
} from '@opssight/plugin-vault-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { sealAnswers } from '../runs/runLauncher';
import { RunLauncher } from '../service/parts';
import { createRouter } from '../service/router';
import { DatabaseScheduleStore } from './DatabaseScheduleStore';
import { scheduleFires } from './scheduleFires';
import { createSchedulesPart } from '.';

jest.setTimeout(120_000);

const SECRET = `schedule-secret-${randomBytes(4).toString('hex')}`;
const vaultKey = { id: 'test', secret: randomBytes(32) };
const cipher = new VaultCipher([vaultKey]);
/** The vault: real sealing; `ssh` is a shared credential, `mine` a personal one. */
const vault = {
  describeCredential: async ({ credentialId }: { credentialId: string }) =>
    ((
      {
        ssh: {
          id: 'ssh',
          name: 'deploy key',
          kind: 'ssh-key',
          scope: 'shared',
        },
        mine: {
          id: 'mine',
          name: 'my key',
          kind: 'ssh-key',
          scope: 'personal',
        },
      } as Record<string, unknown>
    )[credentialId]),
  open: (checkout: any) => ({
    kind: checkout.kind,
    username: checkout.username,
    ...openSecretFields(cipher, checkout.id, checkout.sealed),
  }),
} as unknown as VaultService;

const TEMPLATE: Template = {
  id: 'nightly',
  name: 'nightly',
  description: '',
  projectId: 'p',
  playbook: 'site.yml',
  inventoryId: 'i',
  sshCredentialId: 'ssh',
  becomeCredentialId: null,
  vaultCredentialId: null,
  extraVars: '',
  options: {
    limit: [],
    tags: [],
    skipTags: [],
    check: false,
    diff: false,
    verbosity: 0,
    forks: null,
    timeoutSeconds: null,
  },
  survey: [
    {
      variable: 'colour',
      label: 'Colour',
      type: 'string',
      required: true,
      maxLength: 100,
    },
    {
      variable: 'token',
      label: 'Token',
      type: 'secret',
      required: true,
      maxLength: 100,
    },
  ],
  oneAtATime: false,
  owner: TEST_USERS.alice,
  createdAt: '',
  updatedAt: '',
};
const PERSONAL: Template = {
  ...TEMPLATE,
  id: 'personal',
  name: 'mine',
  sshCredentialId: 'mine',
};
const templates = {
  async get(id: string) {
    const found = [TEMPLATE, PERSONAL].find(t => t.id === id);
    if (!found) throw new NotFoundError(`No template with id '${id}'`);
    return found;
  },
};

type Launch = Parameters<RunLauncher['launch']>[0] & { by: string };

/** A launcher that records who launched what, and fails when asked to. */
function recordingLauncher(
  launches: Launch[],
  by: string,
  fail?: () => string | undefined,
): RunLauncher {
  return {
    async launch(input) {
      const why = fail?.();
      if (why) throw new Error(why);
      launches.push({ ...input, by });
      return { id: `run-${launches.length}` } as Job;
    },
  };
}

const logger = mockServices.logger.mock();
const auth = mockServices.auth();
const auditEvents: Array<{ eventId: string; status: string }> = [];
const auditor = {
  createEvent: async ({ eventId }: { eventId: string }) => ({
    success: async () =>
      void auditEvents.push({ eventId, status: 'succeeded' }),
    fail: async () => void auditEvents.push({ eventId, status: 'failed' }),
  }),
} as any;

describe('schedule fires on two backends sharing one PostgreSQL', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let first: Knex;
  let second: Knex;

  beforeAll(async () => {
    first = await databases.init('POSTGRES_15');
    second = knexFactory({
      client: 'pg',
      connection: first.client.config.connection,
    });
  });
  afterAll(async () => {
    await second?.destroy();
  });

  const asDatabase = (db: Knex): DatabaseService => ({
    getClient: async () => db,
    migrations: { skip: false },
  });

  async function twoBackends(
    launches: Launch[],
    fail?: () => string | undefined,
  ) {
    const stores = [
      await DatabaseScheduleStore.create({ database: asDatabase(first) }),
      await DatabaseScheduleStore.create({ database: asDatabase(second) }),
    ];
    const fires = stores.map((store, i) =>
      scheduleFires({
        store,
        launcher: recordingLauncher(launches, `backend-${i}`, fail),
        auth,
        auditor,
        vault,
        logger,
        tickMs: 1000,
      }),
    );
    return { store: stores[0], fires };
  }

  async function schedule(
    store: DatabaseScheduleStore,
    fields: { cron: string; nextFireAt: string; catchUp?: 'run-once' | 'skip' },
  ) {
    return store.create(
      {
        templateId: TEMPLATE.id,
        name: `every second ${randomBytes(3).toString('hex')}`,
        cron: fields.cron,
        timezone: 'UTC',
        enabled: true,
        answers: { colour: 'blue' },
        sealedAnswers: JSON.stringify(sealAnswers(cipher, { token: SECRET })),
        catchUp: fields.catchUp ?? 'skip',
        nextFireAt: fields.nextFireAt,
      },
      TEST_USERS.alice,
    );
  }

  it('each fire starts one run, whichever backend claims it, as the owner with the plugin credentials', async () => {
    const launches: Launch[] = [];
    const { store, fires } = await twoBackends(launches);
    const t0 = Date.parse('2026-12-07T10:00:00.000Z');
    const created = await schedule(store, {
      cron: '* * * * * *',
      nextFireAt: new Date(t0).toISOString(),
    });
    for (let second_ = 0; second_ < 6; second_++) {
      const now = new Date(t0 + second_ * 1000 + 10);
      // Both backends tick at the same moment, each several times.
      await Promise.all([...fires, ...fires].map(f => f.tick(now)));
    }
    expect(launches).toHaveLength(6);
    const launch = launches[0];
    expect(launch).toMatchObject({
      templateId: TEMPLATE.id,
      actor: TEST_USERS.alice,
      trigger: `schedule:${created.id}`,
      answers: { colour: 'blue', token: SECRET },
    });
    expect(
      (launch.credentials as BackstageCredentials).principal,
    ).toMatchObject({ type: 'service' });
    const after = await store.get(created.id);
    expect(after).toMatchObject({ lastRunId: 'run-6', lastError: null });
    expect(after.nextFireAt).toBe(new Date(t0 + 6000).toISOString());
    await store.delete(created.id);
  });

  it('a fire missed while the portal was down runs once (run-once) or not at all (skip)', async () => {
    const launches: Launch[] = [];
    const { store, fires } = await twoBackends(launches);
    const longAgo = new Date(Date.now() - 3 * 3600_000).toISOString();
    const once = await schedule(store, {
      cron: '0 * * * *',
      nextFireAt: longAgo,
      catchUp: 'run-once',
    });
    const skip = await schedule(store, {
      cron: '0 * * * *',
      nextFireAt: longAgo,
      catchUp: 'skip',
    });
    await Promise.all(fires.map(f => f.tick()));
    expect(launches.map(l => l.trigger)).toEqual([`schedule:${once.id}`]);
    for (const id of [once.id, skip.id]) {
      expect(Date.parse((await store.get(id)).nextFireAt!)).toBeGreaterThan(
        Date.now(),
      );
    }
    await Promise.all(fires.map(f => f.tick()));
    expect(launches).toHaveLength(1);
    await store.delete(once.id);
    await store.delete(skip.id);
  });

  it('a fire that cannot start a run is recorded on the schedule and audited', async () => {
    const launches: Launch[] = [];
    const { store, fires } = await twoBackends(
      launches,
      () =>
        "sshCredentialId: 'deploy key' is personal; a schedule uses shared credentials only",
    );
    const created = await schedule(store, {
      cron: '* * * * *',
      nextFireAt: new Date(Date.now() - 1000).toISOString(),
    });
    auditEvents.length = 0;
    await Promise.all(fires.map(f => f.tick()));
    expect(launches).toEqual([]);
    expect((await store.get(created.id)).lastError).toMatch(
      /shared credentials only/,
    );
    expect(auditEvents).toEqual([
      { eventId: 'schedule-fire', status: 'failed' },
    ]);
    await store.delete(created.id);
  });

  it('the ticker started with the plugin fires on its own, once', async () => {
    const launches: Launch[] = [];
    const { store, fires } = await twoBackends(launches);
    const created = await schedule(store, {
      cron: '* * * * *',
      nextFireAt: new Date(Date.now() - 500).toISOString(),
    });
    fires.forEach(f => f.start());
    try {
      for (let i = 0; i < 50 && launches.length === 0; i++)
        await new Promise(r => setTimeout(r, 100));
      await new Promise(r => setTimeout(r, 300));
    } finally {
      await Promise.all(fires.map(f => f.stop()));
    }
    expect(launches).toHaveLength(1);
    await store.delete(created.id);
  });
});

describe('the schedules routes', () => {
  let server: Parameters<typeof request>[0];
  let stop: () => Promise<void>;
  let database: DatabaseService;
  const launches: Launch[] = [];
  let part: Awaited<ReturnType<typeof createSchedulesPart>>;

  const plugin = createBackendPlugin({
    pluginId: 'automation',
    register(env) {
      env.registerInit({
        deps: {
          ...pluginServices,
          machines: machinesServiceRef,
          vault: vaultServiceRef,
        },
        async init(deps) {
          deps.permissionsRegistry.addPermissions(automationPermissions);
          database = deps.database;
          part = await createSchedulesPart(
            {
              ...deps,
              directories: RunDirectories.forPlugin(
                `automation-schedules-test-${process.pid}`,
              ),
            },
            {
              runs: recordingLauncher(launches, 'only'),
              templates,
              tickMs: 60_000,
            },
          );
          deps.httpRouter.use(
            await createRouter({ ...deps, engine: {} as any }, [part.routes]),
          );
        },
      });
    },
  });

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        plugin,
        rolePermissions(TEST_ROLES),
        createServiceFactory({
          service: machinesServiceRef,
          deps: {},
          factory: () => new InMemoryMachinesService({ machines: [] }),
        }),
        createServiceFactory({
          service: vaultServiceRef,
          deps: {},
          factory: () => vault,
        }),
        mockServices.rootConfig.factory({
          data: {
            vault: {
              keys: [
                { id: vaultKey.id, secret: vaultKey.secret.toString('base64') },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await part?.stop();
    await stop?.();
  });

  const as = (user: keyof typeof TEST_USERS) =>
    mockCredentials.user.header(TEST_USERS[user]);
  const body = {
    templateId: TEMPLATE.id,
    name: 'nightly patch',
    cron: '30 2 * * *',
    timezone: 'Asia/Tokyo',
    answers: { colour: 'blue', token: SECRET },
    catchUp: 'run-once',
  };

  it('previews the next five fire times in the time zone', async () => {
    const res = await request(server)
      .post('/api/automation/schedules/preview')
      .set('Authorization', as('vic'))
      .send({ cron: '0 9 * * *', timezone: 'Asia/Tokyo' });
    expect(res.status).toBe(200);
    expect(res.body.next).toHaveLength(5);
    const times: string[] = res.body.next;
    expect(times.every(t => t.endsWith('T00:00:00.000Z'))).toBe(true); // 09:00 in Tokyo
    expect(
      times.slice(1).map((t, i) => Date.parse(t) - Date.parse(times[i])),
    ).toEqual([86_400_000, 86_400_000, 86_400_000, 86_400_000]);
  });

  it('names a bad cron expression or time zone, and stores nothing', async () => {
    const post = (patch: object) =>
      request(server)
        .post('/api/automation/schedules')
        .set('Authorization', as('alice'))
        .send({ ...body, ...patch });
    const badCron = await post({ cron: '61 * * * *' });
    expect([badCron.status, badCron.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^cron: '61 \* \* \* \*' is not a cron expression/),
    ]);
    const tooFew = await post({ cron: '* * *' });
    expect([tooFew.status, tooFew.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^cron: /),
    ]);
    const badZone = await post({ timezone: 'Mars/Olympus' });
    expect([badZone.status, badZone.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^timezone: 'Mars\/Olympus' is not a time zone/),
    ]);
    const preview = await request(server)
      .post('/api/automation/schedules/preview')
      .set('Authorization', as('vic'))
      .send({ cron: 'every day', timezone: 'UTC' });
    expect([preview.status, preview.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^cron: /),
    ]);
    const unknownTemplate = await post({ templateId: 'nope' });
    expect([
      unknownTemplate.status,
      unknownTemplate.body.error.message,
    ]).toEqual([400, "templateId: no template with id 'nope'"]);
    const personal = await post({ templateId: 'personal' });
    expect([personal.status, personal.body.error.message]).toEqual([
      400,
      "templateId: the template 'mine' uses 'my key' (sshCredentialId), which is not a shared credential; scheduled runs use shared credentials only, since no one is there to use a personal one",
    ]);
    const missingAnswer = await post({ answers: { colour: 'blue' } });
    expect([missingAnswer.status, missingAnswer.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^answers\.token: /),
    ]);
    const list = await request(server)
      .get('/api/automation/schedules')
      .set('Authorization', as('vic'));
    expect(list.body).toEqual({ items: [], totalCount: 0 });
  });

  it('keeps a secret answer sealed: never shown, kept when sent back as shown; owners change theirs, Admins delete', async () => {
    const created = await request(server)
      .post('/api/automation/schedules')
      .set('Authorization', as('alice'))
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'nightly patch',
      owner: TEST_USERS.alice,
      answers: { colour: 'blue', token: '********' },
      enabled: true,
      catchUp: 'run-once',
    });
    expect(created.body.nextFireAt).toMatch(/T17:30:00\.000Z$/); // 02:30 in Tokyo
    const id = created.body.id;

    const bobs = await request(server)
      .put(`/api/automation/schedules/${id}`)
      .set('Authorization', as('bob'))
      .send(body);
    expect(bobs.status).toBe(403);
    const edited = await request(server)
      .put(`/api/automation/schedules/${id}`)
      .set('Authorization', as('alice'))
      .send({
        ...body,
        name: 'nightly',
        answers: { colour: 'red', token: '********' },
      });
    expect(edited.status).toBe(200);
    expect(edited.body.answers).toEqual({ colour: 'red', token: '********' });

    const knex = await database.getClient();
    const rows = await knex('automation_schedules');
    expect(rows.flatMap(rowValuesAsText).join('\n')).not.toContain(SECRET);

    // The kept secret is the one given at first.
    await knex('automation_schedules')
      .where({ id })
      .update({ next_fire_at: new Date(Date.now() - 1000).toISOString() });
    const fires = scheduleFires({
      store: await DatabaseScheduleStore.create({ database }),
      launcher: recordingLauncher(launches, 'only'),
      auth,
      auditor,
      vault,
      logger,
      tickMs: 1000,
    });
    await fires.tick();
    expect(launches.map(l => l.answers)).toEqual([
      { colour: 'red', token: SECRET },
    ]);

    const read = await request(server)
      .get(`/api/automation/schedules/${id}`)
      .set('Authorization', as('vic'));
    expect(read.body).toMatchObject({ lastRunId: 'run-1', lastError: null });
    expect(JSON.stringify(read.body)).not.toContain(SECRET);

    expect(
      (
        await request(server)
          .delete(`/api/automation/schedules/${id}`)
          .set('Authorization', as('alice'))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .delete(`/api/automation/schedules/${id}`)
          .set('Authorization', as('ada'))
      ).status,
    ).toBe(204);
    expect(
      (
        await request(server)
          .get(`/api/automation/schedules/${id}`)
          .set('Authorization', as('vic'))
      ).status,
    ).toBe(404);
  });
});
