import { accessPermissions } from './permissions';
import { roleAllows } from './roles';

describe('access permissions', () => {
  it('are for admins only, reads included', () => {
    expect(accessPermissions.map(p => p.name)).toEqual([
      'opssight.access.user.read',
      'opssight.access.user.create',
      'opssight.access.user.update',
      'opssight.access.user.delete',
    ]);
    for (const permission of accessPermissions) {
      expect([
        roleAllows('viewer', permission),
        roleAllows('operator', permission),
        roleAllows('admin', permission),
      ]).toEqual([false, false, true]);
    }
  });
});
