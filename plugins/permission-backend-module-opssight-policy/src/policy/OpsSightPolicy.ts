import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  Role,
  roleAllows,
  roleGroupRef,
  ROLES,
  strongestRole,
} from '@opssight/plugin-access-common';

/**
 * Which role a user has: membership of a role group (`group:default/opssight-admins`, …,
 * given by the user's account), or of a group mapped to a role in config
 * (`opssight.roles.admin: [group:default/platform-team]`, so IdP groups map to roles).
 * The strongest wins; users with neither get `opssight.roles.default` (none when unset).
 */
export class RoleMapping {
  static fromConfig(config: Config): RoleMapping {
    const roles = config.getOptionalConfig('opssight.roles');
    const mapped = new Map<string, Role[]>();
    for (const role of ROLES) {
      for (const ref of [
        roleGroupRef(role),
        ...(roles?.getOptionalStringArray(role) ?? []),
      ]) {
        const key = ref.toLocaleLowerCase('en-US');
        mapped.set(key, [...(mapped.get(key) ?? []), role]);
      }
    }
    const fallback = roles?.getOptionalString('default');
    if (
      fallback !== undefined &&
      fallback !== 'none' &&
      !ROLES.includes(fallback as Role)
    ) {
      throw new Error(
        `opssight.roles.default must be one of ${[...ROLES, 'none'].join(
          ', ',
        )}, got '${fallback}'`,
      );
    }
    return new RoleMapping(
      mapped,
      fallback === 'none' ? undefined : (fallback as Role | undefined),
    );
  }

  private constructor(
    private readonly mapped: Map<string, Role[]>,
    private readonly fallback: Role | undefined,
  ) {}

  roleOf(ownershipEntityRefs: string[]): Role | undefined {
    const roles = ownershipEntityRefs.flatMap(
      ref => this.mapped.get(ref.toLocaleLowerCase('en-US')) ?? [],
    );
    return strongestRole(roles) ?? this.fallback;
  }
}

/** OpsSight's permission policy: Admin / Operator / Viewer, as in roleAllows. */
export class OpsSightPolicy implements PermissionPolicy {
  constructor(private readonly roles: RoleMapping) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const role = this.roles.roleOf(user?.info.ownershipEntityRefs ?? []);
    return {
      result: roleAllows(role, request.permission)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}
