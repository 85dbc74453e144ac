import { createPermission } from '@backstage/plugin-permission-common';

/** See projects, inventories, templates, schedules and runs (every role). */
export const automationReadPermission = createPermission({
  name: 'opssight.automation.read',
  attributes: { action: 'read' },
});

/** Create and edit projects, inventories, templates and schedules (Operators and Admins). */
export const automationEditPermission = createPermission({
  name: 'opssight.automation.edit',
  attributes: { action: 'update' },
});

/** Start, cancel and re-run their own runs (Operators and Admins). */
export const automationRunPermission = createPermission({
  name: 'opssight.automation.run',
  attributes: { action: 'create' },
});

/** Delete projects, inventories, templates and schedules (Admins). */
export const automationDeletePermission = createPermission({
  name: 'opssight.automation.delete',
  attributes: { action: 'delete' },
});

/**
 * Act on other users' things: cancel their runs, change the templates and
 * schedules they own (Admins). Everyone else acts on their own only.
 */
export const automationManageOthersPermission = createPermission({
  name: 'opssight.automation.manage-others',
  attributes: { action: 'update' },
});

export const automationPermissions = [
  automationReadPermission,
  automationEditPermission,
  automationRunPermission,
  automationDeletePermission,
  automationManageOthersPermission,
];
