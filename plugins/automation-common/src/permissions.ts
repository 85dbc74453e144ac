import { createPermission } from '@backstage/plugin-permission-common';

/** See projects, inventories, templates, schedules and runs (every role). */
export const automationReadPermission = createPermission({
  name: 'opssight.automation.read',
  attributes: { action: 'read' },
});

/**
 * Create projects, inventories, templates and schedules, and change the ones
 * the user owns (Operators and Admins).
 */
export const automationEditPermission = createPermission({
  name: 'opssight.automation.edit',
  attributes: { action: 'update' },
});

/** Start, cancel (one's own) and re-run playbook runs (Operators and Admins). */
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
 * Change other users' projects, inventories, templates and schedules, and
 * cancel their runs (Admins). Everyone else changes their own only.
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
