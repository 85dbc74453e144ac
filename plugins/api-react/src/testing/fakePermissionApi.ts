import type { Permission } from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { roleAllows, type Role } from '@opssight/plugin-access-common';

/** ALLOW or DENY: the conditional kind is for resource permissions only. */
type Decision = Exclude<
  Awaited<ReturnType<PermissionApi['authorize']>>,
  { conditions: unknown }
>['result'];

/**
 * A permission API pair for test apps: `allows` decides by permission name
 * (and, where the name is not enough, by the whole permission).
 *
 * @public
 */
export function fakePermissionApi(
  allows: (permissionName: string, permission: Permission) => boolean = () =>
    true,
) {
  const api: PermissionApi = {
    authorize: async ({ permission }) => ({
      result: (allows(permission.name, permission)
        ? 'ALLOW'
        : 'DENY') as Decision,
    }),
  };
  return [permissionApiRef, api] as const;
}

/**
 * Who a test app's user is: one of OpsSight's roles, answered as the real
 * policy answers it (`roleAllows`), `'none'` for a user without a role, or an
 * own answer by permission name for a test about one permission.
 *
 * @public
 */
export type TestRole =
  | Role
  | 'none'
  | ((permissionName: string, permission: Permission) => boolean);

/**
 * The permission API pair of a user with `role`.
 *
 * @public
 */
export function rolePermissionApi(role: TestRole) {
  if (typeof role === 'function') return fakePermissionApi(role);
  return fakePermissionApi((_name, permission) =>
    role === 'none' ? false : roleAllows(role, permission),
  );
}
