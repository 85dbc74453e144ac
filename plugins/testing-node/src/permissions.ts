import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Role, roleAllows } from '@opssight/plugin-access-common';

/**
 * A permissions service that decides like the OpsSight policy: every user has
 * `roles` when it is one role, or the role the map gives their entity ref
 * (none for a user it does not name); services are allowed, as in Backstage.
 *
 * @public
 */
export function rolePermissions(roles: Role | Record<string, Role>) {
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const principal = options.credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      const role =
        typeof roles === 'string'
          ? roles
          : roles[principal.userEntityRef ?? ''];
      return requests.map(r => ({
        result:
          principal.type === 'service' || roleAllows(role, r.permission)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
  }).factory;
}
