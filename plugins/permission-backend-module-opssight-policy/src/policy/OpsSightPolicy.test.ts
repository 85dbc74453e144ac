import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { OpsSightPolicy, RoleMapping } from './OpsSightPolicy';

const read = createPermission({
  name: 'opssight.machines.read',
  attributes: { action: 'read' },
});
const create = createPermission({
  name: 'opssight.machines.create',
  attributes: { action: 'create' },
});
const audit = createPermission({
  name: 'opssight.audit.read',
  attributes: { action: 'read' },
});

function policy(roles: object = {}) {
  return new OpsSightPolicy(
    RoleMapping.fromConfig(new ConfigReader({ opssight: { roles } })),
  );
}

async function decide(
  p: OpsSightPolicy,
  permission: typeof read,
  refs: string[],
) {
  const decision = await p.handle({ permission }, {
    identity: {
      type: 'user',
      userEntityRef: refs[0],
      ownershipEntityRefs: refs,
    },
    info: { userEntityRef: refs[0], ownershipEntityRefs: refs },
  } as any);
  return decision.result;
}

describe('OpsSightPolicy', () => {
  it.each([
    { group: 'opssight-operators', permission: create, result: 'ALLOW' },
    { group: 'opssight-operators', permission: audit, result: 'DENY' },
    { group: 'opssight-admins', permission: audit, result: 'ALLOW' },
    { group: 'opssight-viewers', permission: read, result: 'ALLOW' },
    { group: 'opssight-viewers', permission: create, result: 'DENY' },
  ] as const)(
    'gives members of the role group $group their role: $permission.name is $result',
    async ({ group, permission, result }) => {
      expect(
        await decide(policy(), permission, [
          'user:default/a',
          `group:default/${group}`,
        ]),
      ).toBe(AuthorizeResult[result]);
    },
  );

  it('maps IdP groups to roles from config, the strongest winning', async () => {
    const p = policy({
      admin: ['group:default/Platform-Team'],
      viewer: ['group:default/everyone'],
    });
    expect(
      await decide(p, audit, [
        'user:default/a',
        'group:default/everyone',
        'group:default/platform-team',
      ]),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(p, create, ['user:default/b', 'group:default/everyone']),
    ).toBe(AuthorizeResult.DENY);
  });

  it('denies users without a role unless a default is configured', async () => {
    expect(await decide(policy(), read, ['user:default/nobody'])).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      await decide(policy({ default: 'viewer' }), read, [
        'user:default/nobody',
      ]),
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      await decide(policy({ default: 'viewer' }), create, [
        'user:default/nobody',
      ]),
    ).toBe(AuthorizeResult.DENY);
    expect(() => policy({ default: 'superuser' })).toThrow(
      /opssight.roles.default must be one of/,
    );
  });
});
