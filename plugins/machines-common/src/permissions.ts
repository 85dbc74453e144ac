import { createPermission } from '@backstage/plugin-permission-common';

/** See machines, groups, tags and connection-test results. */
export const machineReadPermission = createPermission({
  name: 'opssight.machines.read',
  attributes: { action: 'read' },
});

/** Add machines, one by one or in bulk. */
export const machineCreatePermission = createPermission({
  name: 'opssight.machines.create',
  attributes: { action: 'create' },
});

/** Edit machines and groups, forget pinned host keys. */
export const machineUpdatePermission = createPermission({
  name: 'opssight.machines.update',
  attributes: { action: 'update' },
});

/** Delete machines and groups. */
export const machineDeletePermission = createPermission({
  name: 'opssight.machines.delete',
  attributes: { action: 'delete' },
});

/** Run connection tests: they reach out to machines and pin host keys. */
export const machineConnectionTestPermission = createPermission({
  name: 'opssight.machines.connection-test',
  attributes: {},
});

export const machinePermissions = [
  machineReadPermission,
  machineCreatePermission,
  machineUpdatePermission,
  machineDeletePermission,
  machineConnectionTestPermission,
];
