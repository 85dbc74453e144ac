import { createPermission } from '@backstage/plugin-permission-common';

/** See the local accounts (never their passwords). */
export const accessUserReadPermission = createPermission({
  name: 'opssight.access.user.read',
  attributes: { action: 'read' },
});

/** Add local accounts. */
export const accessUserCreatePermission = createPermission({
  name: 'opssight.access.user.create',
  attributes: { action: 'create' },
});

/** Change an account's profile or role, disable or enable it, reset its password. */
export const accessUserUpdatePermission = createPermission({
  name: 'opssight.access.user.update',
  attributes: { action: 'update' },
});

/** Delete local accounts. */
export const accessUserDeletePermission = createPermission({
  name: 'opssight.access.user.delete',
  attributes: { action: 'delete' },
});

export const accessPermissions = [
  accessUserReadPermission,
  accessUserCreatePermission,
  accessUserUpdatePermission,
  accessUserDeletePermission,
];
