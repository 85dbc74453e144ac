/*
 * No plaintext secret anywhere, across the OpsSight plugins: secrets stored in
 * the vault and local users' passwords never show in an HTTP response (body or
 * header), a log line, any row of any plugin database, the database files'
 * bytes, or the audit trail, which does record every action.
 *
 * The vault's own secrecy test (plugins/vault-backend/src/service/secrecy.test.ts)
 * covers the vault alone on every database, through failures and a key
 * rotation; this one runs all the plugins together, on SQLite files.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  captureLogs,
  freePort,
  rowValuesAsText,
} from '@opssight/plugin-testing-node';
import {
  asUser,
  startOpsSightBackend,
  USERS,
  viaPlugin,
  Role,
} from './__testUtils__/opsSightTestBackend';

jest.setTimeout(60_000);

// better-sqlite3 (a dependency of the backend) ships no types; this is all we use.
type SqliteDatabase = {
  prepare(sql: string): { all(): Array<Record<string, unknown>> };
  close(): void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sqlite: new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => SqliteDatabase = require('better-sqlite3');

const SAM = 'user:default/sam';
const ROLES: Record<string, Role> = {
  [USERS.admin]: 'admin',
  [SAM]: 'viewer',
};

/** A key pair from ssh-keygen, encrypted with the passphrase. */
async function sshKeygen(dir: string, passphrase: string) {
  const file = join(dir, 'id_ed25519');
  const run = promisify(execFile);
  await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-C',
    '',
    '-N',
    passphrase,
    '-f',
    file,
  ]);
  const { stdout } = await run('ssh-keygen', ['-lf', `${file}.pub`]);
  const privateKey = await readFile(file, 'utf8');
  await rm(file);
  return { privateKey, fingerprint: stdout.split(' ')[1] };
}

/** Every value of every row of every table of a SQLite file, as text. */
function everyValue(file: string): { tables: string[]; values: string[] } {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map(row => String(row.name));
    const values: string[] = [];
    for (const table of tables) {
      for (const row of db
        .prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
        .all()) {
        values.push(...rowValuesAsText(row));
      }
    }
    return { tables, values };
  } finally {
    db.close();
  }
}

describe('no plaintext secret anywhere in the OpsSight backend', () => {
  let dir: string;
  let keyDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opssight-secrecy-db-'));
    keyDir = await mkdtemp(join(tmpdir(), 'opssight-secrecy-key-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(keyDir, { recursive: true, force: true });
  });

  it('keeps vault secrets and user passwords out of responses, logs, databases and the audit trail', async () => {
    const passphrase = `phrase-${randomUUID()}`;
    const key = await sshKeygen(keyDir, passphrase);
    const keyLines = key.privateKey
      .split('\n')
      .filter(line => line && !line.startsWith('-----'));
    const vaultKey = randomBytes(32).toString('base64');
    const secrets: Record<string, string> = {
      passphrase,
      privateKey: key.privateKey,
      ...Object.fromEntries(keyLines.map((line, i) => [`keyLine${i}`, line])),
      credentialPassword: `pw-${randomUUID()}`,
      credentialNewPassword: `pw2-${randomUUID()}`,
      apiToken: `tok-${randomUUID()}`,
      userPassword: `first-${randomUUID()}`,
      userNewPassword: `own-${randomUUID()}`,
      userResetPassword: `reset-${randomUUID()}`,
      rejectedPassword: `s-${randomBytes(3).toString('hex')}`, // too short
      vaultKey,
    };
    expect(keyLines.length).toBeGreaterThan(3);

    const logs = captureLogs();
    const { backend, server } = await startOpsSightBackend({
      roles: ROLES,
      config: {
        backend: {
          database: {
            client: 'better-sqlite3',
            connection: { directory: dir },
          },
        },
        vault: { keys: [{ id: 'secrecy-key', secret: vaultKey }] },
      },
      features: [logs.factory],
    });

    /** Every response of the test: status line, headers and body. */
    const transcript: string[] = [];
    /** A request that must answer `expected`; its response goes into the transcript. */
    const send = async (
      expected: number,
      method: 'get' | 'post' | 'put',
      url: string,
      auth: string,
      body?: object | string,
    ) => {
      let test = request(server)[method](url).set('Authorization', auth);
      if (typeof body === 'string') {
        test = test.set('Content-Type', 'application/json');
      }
      if (body !== undefined) test = test.send(body);
      const res = await test;
      transcript.push(
        `${method.toUpperCase()} ${url} → ${res.status}`,
        JSON.stringify(res.headers),
        res.text,
      );
      expect({
        request: `${method} ${url}`,
        status: res.status,
        body: res.text,
      }).toMatchObject({ status: expected });
      return res;
    };
    const admin = asUser(USERS.admin);

    // Vault: an SSH key with a passphrase, a username + password, an API token.
    const created: string[] = [];
    for (const input of [
      {
        kind: 'ssh-key',
        name: 'deploy-key',
        username: 'deploy',
        privateKey: secrets.privateKey,
        passphrase: secrets.passphrase,
      },
      {
        kind: 'password',
        name: 'db-admin',
        username: 'dbadmin',
        password: secrets.credentialPassword,
      },
      { kind: 'api-token', name: 'gh-token', token: secrets.apiToken },
    ]) {
      created.push(
        (await send(201, 'post', '/api/vault/credentials', admin, input)).body
          .id,
      );
    }
    const [sshKeyId, passwordId, tokenId] = created;
    await send(200, 'put', `/api/vault/credentials/${passwordId}`, admin, {
      password: secrets.credentialNewPassword,
    });
    await send(200, 'get', `/api/vault/credentials/${sshKeyId}`, admin);
    await send(200, 'get', '/api/vault/credentials', admin);
    // The terminal checks each secret out: sealed for it, never in plain text.
    // (API tokens are only ever handed out for the destination they will be sent to.)
    for (const id of created) {
      const res = await send(
        200,
        'post',
        `/api/vault/credentials/${id}/checkout`,
        viaPlugin(USERS.admin),
        id === tokenId
          ? { destination: 'https://api.example.com/' }
          : undefined,
      );
      expect(res.body.sealed).toBeTruthy();
    }
    // A connection test that logs in with the SSH key: checked out sealed into
    // the test's job, opened only where the job runs, gone when it ends. Nothing
    // listens on the machine's port, so the test fails fast.
    const machine = await send(201, 'post', '/api/machines/machines', admin, {
      ip: '127.0.0.9',
      hostname: 'secrecy-lab',
      sshPort: await freePort(),
      sshUser: 'deploy',
    });
    // What other plugins read of it: the machine by lookup, its (unpinned) known_hosts line.
    await send(200, 'post', '/api/machines/machines/lookup', admin, {
      ids: [machine.body.id],
    });
    await send(
      409,
      'get',
      `/api/machines/machines/${machine.body.id}/known-hosts`,
      admin,
    );
    const connectionTest = await send(
      202,
      'post',
      '/api/machines/connection-tests',
      admin,
      { machineIds: [machine.body.id], credentialId: sshKeyId },
    );
    const testEvents = await send(
      200,
      'get',
      `/api/machines/connection-tests/${connectionTest.body.id}/events`,
      admin,
    );
    expect(testEvents.text).toContain('event: end');
    const testResult = await send(
      200,
      'get',
      `/api/machines/connection-tests/${connectionTest.body.id}`,
      admin,
    );
    expect(testResult.body.targets[0].meta.check).toMatchObject({
      sshOk: false,
      credentialId: sshKeyId,
    });
    // A user's own token may not check a secret out.
    await send(
      403,
      'post',
      `/api/vault/credentials/${tokenId}/checkout`,
      admin,
    );
    // A malformed body that carries a secret.
    await send(
      400,
      'post',
      '/api/vault/credentials',
      admin,
      `{"kind":"api-token","name":"x","token":"${secrets.apiToken}`,
    );

    // A local user: created by the admin, changing their own password, reset.
    await send(201, 'post', '/api/access/users', admin, {
      username: 'sam',
      role: 'viewer',
      password: secrets.userPassword,
    });
    await send(400, 'post', '/api/access/users', admin, {
      username: 'tim',
      role: 'viewer',
      password: secrets.rejectedPassword,
    });
    const sam = asUser(SAM);
    await send(200, 'post', '/api/access/me/password', sam, {
      currentPassword: secrets.userPassword,
      newPassword: secrets.userNewPassword,
    });
    await send(400, 'post', '/api/access/me/password', sam, {
      currentPassword: secrets.userPassword, // no longer the current one
      newPassword: secrets.userResetPassword,
    });
    await send(200, 'post', '/api/access/users/sam/reset-password', admin, {
      password: secrets.userResetPassword,
    });
    await send(200, 'get', '/api/access/users/sam', admin);

    // The audit trail, as an admin reads it.
    const exported = await send(200, 'get', '/api/audit/export', admin);
    const verified = await send(200, 'get', '/api/audit/verify', admin);
    expect(verified.body).toMatchObject({ ok: true });

    await backend.stop();

    // The audit trail recorded every action, with its outcome.
    const trail = exported.text
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
    /** How many entries of each outcome the trail has for an action. */
    const outcomes = (action: string) => {
      const counts: Record<string, number> = {};
      for (const entry of trail.filter(e => e.action === action)) {
        counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1;
      }
      return counts;
    };
    expect({
      'credential-create': outcomes('credential-create'),
      'credential-update': outcomes('credential-update'),
      'credential-checkout': outcomes('credential-checkout'),
      'machine-connection-test': outcomes('machine-connection-test'),
      'access-user-create': outcomes('access-user-create'),
      'access-password-change': outcomes('access-password-change'),
      'access-user-reset-password': outcomes('access-user-reset-password'),
    }).toEqual({
      'credential-create': { initiated: 3, succeeded: 3 },
      'credential-update': { initiated: 1, succeeded: 1 },
      // The user's own token is refused: denied, and recorded. The connection
      // test's checkout is the fourth that succeeds.
      'credential-checkout': { initiated: 5, succeeded: 4, denied: 1 },
      'machine-connection-test': { initiated: 1, succeeded: 1 },
      // The too-short password is refused.
      'access-user-create': { initiated: 2, succeeded: 1, failed: 1 },
      // The old password no longer works.
      'access-password-change': { initiated: 2, succeeded: 1, failed: 1 },
      'access-user-reset-password': { initiated: 1, succeeded: 1 },
    });
    expect(trail.filter(e => e.target === SAM).length).toBeGreaterThan(3);

    // Every row of every table of every plugin database.
    const files = (await readdir(dir)).filter(f => f.endsWith('.sqlite'));
    expect(files).toEqual(
      expect.arrayContaining([
        'access.sqlite',
        'audit.sqlite',
        'machines.sqlite',
        'vault.sqlite',
      ]),
    );
    const rows: Record<string, string[]> = {};
    for (const file of files) {
      const { tables, values } = everyValue(join(dir, file));
      expect([file, tables.length]).not.toEqual([file, 0]);
      rows[file] = values;
    }
    // And the files' raw bytes, free pages and journals included.
    const raw: Record<string, Buffer> = {};
    for (const file of await readdir(dir)) {
      raw[file] = await readFile(join(dir, file));
    }

    const found: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      const forms = [secret, Buffer.from(secret).toString('base64')];
      for (const form of forms) {
        const where = [
          ...transcript
            .filter(t => t.includes(form))
            .map(t => `response: ${t.slice(0, 200)}`),
          ...logs.lines
            .filter(l => l.includes(form))
            .map(l => `log: ${l.slice(0, 200)}`),
          ...Object.entries(rows).flatMap(([file, values]) =>
            values.some(v => v.includes(form)) ? [`rows of ${file}`] : [],
          ),
          ...Object.entries(raw).flatMap(([file, bytes]) =>
            bytes.includes(form) ? [`bytes of ${file}`] : [],
          ),
          ...(exported.text.includes(form) ? ['audit trail'] : []),
        ];
        found.push(...where.map(w => `${name} in ${w}`));
      }
    }
    expect(found).toEqual([]);

    // The scan does see what is stored and said in plain text.
    const all = (file: string) => rows[file].join('\n');
    expect(all('vault.sqlite')).toContain(key.fingerprint);
    expect(all('vault.sqlite')).toContain('dbadmin');
    expect(all('access.sqlite')).toContain('sam');
    expect(all('audit.sqlite')).toContain('access-password-change');
    expect(raw['vault.sqlite'].includes('deploy-key')).toBe(true);
    expect(transcript.join('\n')).toContain('gh-token');
    expect(logs.lines.length).toBeGreaterThan(20);
    expect(logs.lines.some(l => l.includes('credential-checkout'))).toBe(true);
  });
});
