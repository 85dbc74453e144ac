import { TestDatabases } from '@backstage/backend-test-utils';
import {
  rowValuesAsText,
  testDatabaseIds,
} from '@opssight/plugin-testing-node';
import { openSecretFields, VaultCipher } from '@opssight/plugin-vault-node';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import {
  ADA,
  ALICE,
  asUser,
  captureLogs,
  cipherKeys,
  newKey,
  onBehalfOf,
  sshKeygen,
  startVault,
} from '../__testUtils__/vaultBackend';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

async function tableNames(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const rows = await knex('information_schema.tables')
      .where('table_schema', knex.raw('current_schema()'))
      .select('table_name');
    return rows.map(r => r.table_name);
  }
  const rows = await knex('sqlite_master')
    .where('type', 'table')
    .select('name');
  return rows.map(r => r.name);
}

/** Every value of every row of every table, as text. */
async function everyValue(knex: Knex): Promise<string[]> {
  const values: string[] = [];
  for (const table of await tableNames(knex)) {
    for (const row of await knex(table).select('*')) {
      values.push(...rowValuesAsText(row));
    }
  }
  return values;
}

describe.each(databases.eachSupportedId())(
  'no plaintext anywhere, on %p',
  databaseId => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'opssight-vault-secrecy-'));
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps stored secrets out of every table and every log line, through updates, failures and a rotation', async () => {
      const knex = await databases.init(databaseId);
      const logs = captureLogs();
      const passphrase = `phrase-${randomUUID()}`;
      const key = await sshKeygen(dir, 'id', [
        '-t',
        'ed25519',
        '-N',
        passphrase,
      ]);
      const secrets = {
        password: `pw-${randomUUID()}`,
        newPassword: `pw2-${randomUUID()}`,
        token: `tok-${randomUUID()}`,
        shared: `shared-${randomUUID()}`,
        passphrase,
        privateKey: key.privateKey,
        keyLine: key.privateKey.split('\n')[2],
      };
      const keyA = newKey('key-a');
      let { server } = await startVault({ keys: [keyA], knex, logs });
      const post = (path: string, auth: string, body?: object | string) => {
        const req = request(server)
          .post(`/api/vault${path}`)
          .set('Authorization', auth);
        if (typeof body === 'string')
          req.set('Content-Type', 'application/json');
        return body === undefined ? req : req.send(body);
      };

      const created = {
        password: (
          await post('/credentials', asUser(ALICE), {
            kind: 'password',
            name: 'db',
            password: secrets.password,
          })
        ).body.id,
        token: (
          await post('/credentials', asUser(ALICE), {
            kind: 'api-token',
            name: 'gh',
            token: secrets.token,
          })
        ).body.id,
        key: (
          await post('/credentials', asUser(ALICE), {
            kind: 'ssh-key',
            name: 'id',
            privateKey: secrets.privateKey,
            passphrase: secrets.passphrase,
          })
        ).body.id,
        shared: (
          await post('/credentials', asUser(ADA), {
            kind: 'password',
            name: 'root',
            scope: 'shared',
            password: secrets.shared,
          })
        ).body.id,
      };
      expect(Object.values(created).every(Boolean)).toBe(true);

      // Requests that fail with secrets in them.
      await post('/credentials', asUser(ALICE), {
        kind: 'ssh-key',
        name: 'bad',
        privateKey: secrets.privateKey,
        passphrase: secrets.newPassword,
      });
      await post('/credentials', asUser(ALICE), {
        kind: 'password',
        name: 'db',
        password: secrets.password,
        stray: secrets.token,
      });
      await post(
        '/credentials',
        asUser(ALICE),
        `{"kind":"password","password":"${secrets.password}`,
      );
      await request(server)
        .put(`/api/vault/credentials/${created.password}`)
        .set('Authorization', asUser(ALICE))
        .send({ password: secrets.newPassword });

      // An API token goes out only for the URL it is sent to.
      const bodyFor = (id: string) =>
        id === created.token ? { destination: 'https://gh.example/' } : {};
      for (const id of Object.values(created)) {
        await post(
          `/credentials/${id}/checkout`,
          onBehalfOf(ALICE),
          bodyFor(id),
        );
      }

      const keyB = newKey('key-b');
      await server.stop();
      ({ server } = await startVault({ keys: [keyB, keyA], knex, logs }));
      expect((await post('/rotate', asUser(ADA))).body.rotated).toBe(4);

      // The secrets are stored (encrypted): each decrypts with the key.
      const cipher = new VaultCipher(cipherKeys([keyB]));
      const opened = [];
      for (const id of Object.values(created)) {
        const checkout = await post(
          `/credentials/${id}/checkout`,
          onBehalfOf(ALICE),
          bodyFor(id),
        );
        opened.push(openSecretFields(cipher, id, checkout.body.sealed));
      }
      expect(opened).toEqual([
        { password: secrets.newPassword },
        { token: secrets.token },
        { privateKey: secrets.privateKey, passphrase: secrets.passphrase },
        { password: secrets.shared },
      ]);

      const values = await everyValue(knex);
      expect(values.length).toBeGreaterThan(20);
      for (const [name, secret] of Object.entries(secrets)) {
        const inDatabase = values.filter(v => v.includes(secret));
        const inLogs = logs.lines.filter(l => l.includes(secret));
        expect([name, inDatabase, inLogs]).toEqual([name, [], []]);
      }
      // The scan does see what is stored in plain text.
      expect(values).toContain(key.fingerprint);
      expect(logs.lines.length).toBeGreaterThan(20);
    });
  },
);
