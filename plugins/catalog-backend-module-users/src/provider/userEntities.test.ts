import {
  groupEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { LocalUser } from '@opssight/plugin-access-common';
import { roleGroupEntities, userToEntity } from './userEntities';

const alice: LocalUser = {
  username: 'alice.l-1_x',
  displayName: 'Alice Liddell',
  email: 'alice@example.com',
  role: 'operator',
  disabled: false,
  mustChangePassword: false,
  passwordChangedAt: '2026-01-01T00:00:00.000Z',
  lastSignInAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('catalog entities of local accounts', () => {
  it('makes each account a valid User, a member of its role group', async () => {
    const entity = userToEntity(alice);
    expect(await userEntityV1alpha1Validator.check(entity)).toBe(true);
    expect(entity).toMatchObject({
      kind: 'User',
      metadata: {
        name: 'alice.l-1_x',
        annotations: {
          'backstage.io/managed-by-location': 'opssight-access:alice.l-1_x',
        },
      },
      spec: {
        profile: { displayName: 'Alice Liddell', email: 'alice@example.com' },
        memberOf: ['group:default/opssight-operators'],
      },
    });
    expect(JSON.stringify(entity)).not.toMatch(/password|hash/i);
  });

  it('leaves out a missing email and gives a disabled account no role', async () => {
    const entity = userToEntity({ ...alice, email: null, disabled: true });
    expect(await userEntityV1alpha1Validator.check(entity)).toBe(true);
    expect(entity.spec).toEqual({
      profile: { displayName: 'Alice Liddell' },
      memberOf: [],
    });
    expect(entity.metadata.annotations?.['opssight.io/disabled']).toBe('true');
  });

  it('makes the three role groups', async () => {
    const groups = roleGroupEntities();
    for (const group of groups) {
      expect(await groupEntityV1alpha1Validator.check(group)).toBe(true);
    }
    expect(
      groups.map(g => [
        g.metadata.name,
        g.spec?.type,
        (g.spec?.profile as { displayName: string }).displayName,
      ]),
    ).toEqual([
      ['opssight-viewers', 'role', 'OpsSight viewers'],
      ['opssight-operators', 'role', 'OpsSight operators'],
      ['opssight-admins', 'role', 'OpsSight admins'],
    ]);
  });
});
