import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  GroupEntity,
  parseEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import {
  LocalUser,
  Role,
  roleGroupRef,
  ROLES,
} from '@opssight/plugin-access-common';

export const LOCATION_KEY = 'opssight-access';

export const DISABLED_ANNOTATION = 'opssight.io/disabled';

const ROLE_GROUPS: Record<Role, { displayName: string; description: string }> =
  {
    admin: {
      displayName: 'OpsSight admins',
      description:
        'Everything, including users, roles, shared credentials and the audit trail.',
    },
    operator: {
      displayName: 'OpsSight operators',
      description:
        'Read and change machines and clusters, open terminals, start runs, use shared credentials.',
    },
    viewer: {
      displayName: 'OpsSight viewers',
      description:
        'Read-only access, without secrets, recordings or the audit trail.',
    },
  };

function annotations(target: string) {
  const location = `${LOCATION_KEY}:${target}`;
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}

/**
 * A local account as a catalog User, a member of its role group. A disabled
 * account stays visible but holds no role.
 */
export function userToEntity(user: LocalUser): Entity {
  const entity: UserEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: user.username,
      annotations: {
        ...annotations(user.username),
        ...(user.disabled ? { [DISABLED_ANNOTATION]: 'true' } : {}),
      },
    },
    spec: {
      profile: {
        displayName: user.displayName,
        ...(user.email ? { email: user.email } : {}),
      },
      memberOf: user.disabled ? [] : [roleGroupRef(user.role)],
    },
  };
  return entity;
}

/** The three role groups, type `role`. */
export function roleGroupEntities(): Entity[] {
  return ROLES.map(role => {
    const entity: GroupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: parseEntityRef(roleGroupRef(role)).name,
        description: ROLE_GROUPS[role].description,
        annotations: annotations('roles'),
      },
      spec: {
        type: 'role',
        profile: { displayName: ROLE_GROUPS[role].displayName },
        children: [],
      },
    };
    return entity;
  });
}
