import { createPermission } from '@backstage/plugin-permission-common';
import { roleAllows, roleGroupRef, strongestRole } from './roles';

const p = (name: string, action?: 'read' | 'create' | 'update' | 'delete') =>
  createPermission({ name, attributes: action ? { action } : {} });

describe('roleAllows', () => {
  const cases: Array<
    [string, ReturnType<typeof p>, boolean, boolean, boolean]
  > = [
    // permission, viewer, operator, admin
    ['machine read', p('opssight.machines.read', 'read'), true, true, true],
    [
      'machine create',
      p('opssight.machines.create', 'create'),
      false,
      true,
      true,
    ],
    [
      'machine delete',
      p('opssight.machines.delete', 'delete'),
      false,
      true,
      true,
    ],
    [
      'connection test',
      p('opssight.machines.connection-test'),
      false,
      true,
      true,
    ],
    ['catalog read', p('catalog.entity.read', 'read'), true, true, true],
    [
      'scaffolder run',
      p('scaffolder.task.create', 'create'),
      false,
      true,
      true,
    ],
    [
      'credential names',
      p('opssight.vault.credential.read', 'read'),
      true,
      true,
      true,
    ],
    ['use a credential', p('opssight.vault.credential.use'), false, true, true],
    [
      'manage shared credentials',
      p('opssight.vault.shared.manage'),
      false,
      false,
      true,
    ],
    [
      'user management',
      p('opssight.access.user.update', 'update'),
      false,
      false,
      true,
    ],
    ['user list', p('opssight.access.user.read', 'read'), false, false, true],
    ['audit trail', p('opssight.audit.read', 'read'), false, false, true],
    [
      'open a terminal',
      p('opssight.terminal.session.create', 'create'),
      false,
      true,
      true,
    ],
    [
      'watch recordings',
      p('opssight.terminal.recording.read', 'read'),
      false,
      true,
      true,
    ],
    [
      "watch everyone's recordings",
      p('opssight.terminal.recording.read-all', 'read'),
      false,
      false,
      true,
    ],
    [
      "cancel other users' runs, edit their snippets",
      p('opssight.clusters.run.manage-others', 'update'),
      false,
      false,
      true,
    ],
    [
      "send any request to a cluster with its shared token (the Kubernetes plugin's proxy)",
      createPermission({ name: 'kubernetes.proxy', attributes: {} }),
      false,
      false,
      true,
    ],
  ];
  it.each(cases)('%s', (_, permission, viewer, operator, admin) => {
    expect([
      roleAllows('viewer', permission),
      roleAllows('operator', permission),
      roleAllows('admin', permission),
      roleAllows(undefined, permission),
    ]).toEqual([viewer, operator, admin, false]);
  });
});

describe('roles', () => {
  it('names role groups and picks the strongest role', () => {
    expect(roleGroupRef('admin')).toBe('group:default/opssight-admins');
    expect(strongestRole(['viewer', 'admin', 'operator'])).toBe('admin');
    expect(strongestRole([])).toBeUndefined();
  });
});
