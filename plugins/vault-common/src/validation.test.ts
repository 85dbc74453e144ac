import {
  credentialIdSchema,
  credentialInputSchema,
  credentialUpdateSchema,
  describeIssues,
  listCredentialsQuerySchema,
} from './validation';
import { hasDetails } from './types';
import { vaultPermissions } from './permissions';

function problems(schema: { safeParse(v: unknown): any }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? undefined : describeIssues(result.error);
}

describe('credentialInputSchema', () => {
  it('accepts each kind, defaults scope to personal and keeps secrets exactly as written', () => {
    expect(
      credentialInputSchema.parse({
        kind: 'password',
        name: ' db admin ',
        username: 'postgres',
        password: '  spaced secret ',
      }),
    ).toEqual({
      kind: 'password',
      name: 'db admin',
      scope: 'personal',
      username: 'postgres',
      description: '',
      allowedDestinations: [],
      password: '  spaced secret ',
    });
    expect(
      credentialInputSchema.parse({
        kind: 'ssh-key',
        name: 'deploy',
        scope: 'shared',
        privateKey: 'KEY',
        passphrase: 'p',
      }),
    ).toMatchObject({ scope: 'shared', privateKey: 'KEY', passphrase: 'p' });
    expect(
      credentialInputSchema.parse({
        kind: 'api-token',
        name: 'gh',
        token: 't',
      }),
    ).toMatchObject({ kind: 'api-token', token: 't' });
  });

  it.each([
    [{}, "kind: must be one of 'ssh-key', 'password', 'api-token'"],
    [
      { kind: 'certificate', name: 'a' },
      "kind: must be one of 'ssh-key', 'password', 'api-token'",
    ],
    [{ kind: 'password', name: 'a' }, 'password: is required'],
    [{ kind: 'password', name: 'a', password: '' }, 'password: is required'],
    [{ kind: 'ssh-key', name: 'a' }, 'privateKey: is required'],
    [{ kind: 'api-token', name: 'a' }, 'token: is required'],
    [{ kind: 'password', name: '  ', password: 'p' }, 'name: is required'],
    [
      { kind: 'password', name: 'x'.repeat(101), password: 'p' },
      'name: must be at most 100 characters',
    ],
    [
      { kind: 'password', name: 'a', password: 'p', token: 't' },
      "unknown field 'token' for a credential of kind 'password'",
    ],
    [
      { kind: 'password', name: 'a', password: 'p', scope: 'team' },
      "scope: must be one of 'personal', 'shared'",
    ],
    [
      { kind: 'password', name: 'a', password: 'p', username: 'a b' },
      'username: must not contain spaces or line breaks',
    ],
  ])('rejects %j: %s', (input, message) => {
    expect(problems(credentialInputSchema, input)).toBe(message);
  });

  it('never quotes a secret in its messages', () => {
    const secret = 'hunter2-very-secret';
    for (const input of [
      { kind: 'password', name: '', password: secret },
      { kind: 'password', name: 'a', password: secret.repeat(400) },
      { kind: 'password', name: 'a', password: secret, extra: secret },
      { kind: secret, password: secret },
    ]) {
      expect(problems(credentialInputSchema, input)).not.toContain(secret);
    }
  });
});

describe('credentialUpdateSchema', () => {
  const sshUpdate = credentialUpdateSchema('ssh-key', 'personal');

  it('accepts partial changes, and kind and scope only when unchanged', () => {
    expect(sshUpdate.parse({})).toEqual({});
    expect(sshUpdate.parse({ kind: 'ssh-key', name: ' n ' })).toEqual({
      kind: 'ssh-key',
      name: 'n',
    });
    expect(sshUpdate.parse({ privateKey: 'K', passphrase: 'p' })).toEqual({
      privateKey: 'K',
      passphrase: 'p',
    });
  });

  it.each([
    [{ kind: 'password' }, 'kind: cannot be changed; create a new credential'],
    [{ scope: 'shared' }, 'scope: cannot be changed; create a new credential'],
    [
      { password: 'x' },
      "unknown field 'password' for a credential of kind 'ssh-key'",
    ],
    [
      { passphrase: 'x' },
      'passphrase: give the passphrase together with the private key it unlocks',
    ],
    [{ name: '' }, 'name: is required'],
  ])('rejects %j', (input, message) => {
    expect(problems(sshUpdate, input)).toBe(message);
  });
});

describe('listCredentialsQuerySchema', () => {
  it('filters by kind and scope, naming bad values', () => {
    expect(listCredentialsQuerySchema.parse({ kind: 'password' })).toEqual({
      kind: 'password',
    });
    expect(problems(listCredentialsQuerySchema, { kind: 'x' })).toBe(
      "kind: must be one of 'ssh-key', 'password', 'api-token'",
    );
    expect(problems(listCredentialsQuerySchema, { owner: 'x' })).toBe(
      "unknown field 'owner'",
    );
  });
});

describe('vaultPermissions', () => {
  it('are named opssight.vault.* with the actions the role policy maps', () => {
    expect(
      vaultPermissions.map(p => [p.name, p.attributes.action ?? null]),
    ).toEqual([
      ['opssight.vault.credential.read', 'read'],
      ['opssight.vault.credential.create', 'create'],
      ['opssight.vault.credential.update', 'update'],
      ['opssight.vault.credential.delete', 'delete'],
      ['opssight.vault.credential.use', null],
      ['opssight.vault.shared.manage', null],
    ]);
  });
});

describe('hasDetails', () => {
  it('tells full metadata from a name only', () => {
    expect(
      hasDetails({ id: '1', name: 'n', kind: 'password', scope: 'shared' }),
    ).toBe(false);
  });
});

describe('credentialIdSchema', () => {
  it('accepts the UUIDs the vault assigns and nothing else', () => {
    expect(
      credentialIdSchema.safeParse('6f1c1a2e-0000-4000-8000-000000000000')
        .success,
    ).toBe(true);
    expect(problems(credentialIdSchema, 'deploy key')).toBe(
      'must be a credential id (a UUID)',
    );
  });
});
