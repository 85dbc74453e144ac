import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';

/** ALLOW or DENY: the conditional kind is for resource permissions only. */
type Decision = Exclude<
  Awaited<ReturnType<PermissionApi['authorize']>>,
  { conditions: unknown }
>['result'];

/**
 * A permission API pair for test apps: `allows` decides by permission name.
 *
 * @public
 */
export function fakePermissionApi(
  allows: (permissionName: string) => boolean = () => true,
) {
  const api: PermissionApi = {
    authorize: async ({ permission }) => ({
      result: (allows(permission.name) ? 'ALLOW' : 'DENY') as Decision,
    }),
  };
  return [permissionApiRef, api] as const;
}
