import { Permission } from '@backstage/plugin-permission-common';

/** The three OpsSight roles, weakest first. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Each role is a catalog Group, so membership works like any other group and
 * ownership and the catalog graph show it.
 */
export function roleGroupRef(role: Role): string {
  return `group:default/opssight-${role}s`;
}

/** The strongest of the given roles (undefined for none). */
export function strongestRole(roles: Iterable<Role>): Role | undefined {
  let best = -1;
  for (const role of roles) best = Math.max(best, ROLES.indexOf(role));
  return best < 0 ? undefined : ROLES[best];
}

/** Admins only: users, roles, shared credentials, the audit trail, everyone's terminal recordings, other users' runs and snippets, deleting automation and changing other users' automation, the Kubernetes proxy. */
const ADMIN_ONLY_PREFIXES = ['opssight.access.', 'opssight.audit.'];
const ADMIN_ONLY = new Set([
  'opssight.vault.shared.manage',
  'opssight.terminal.recording.read-all',
  'opssight.clusters.run.manage-others',
  'opssight.automation.delete',
  'opssight.automation.manage-others',
  // The Kubernetes plugin's proxy sends any request, writes included, with a
  // cluster's shared token: only Admins, who bind that token, may use it.
  'kubernetes.proxy',
]);

/** Reads a viewer may not make even though they are reads: secrets, recordings, audit. */
const VIEWER_DENIED_READS_PREFIXES = [
  'opssight.access.',
  'opssight.audit.',
  'opssight.terminal.',
];

function isAdminOnly(permission: Permission): boolean {
  return (
    ADMIN_ONLY.has(permission.name) ||
    ADMIN_ONLY_PREFIXES.some(p => permission.name.startsWith(p))
  );
}

/**
 * The role matrix, in one place:
 * - Admin: everything.
 * - Operator: read and write on machines, clusters, terminals and runs; uses shared
 *   credentials; no user, role, shared-credential or audit management.
 * - Viewer: read-only (the `read` action), and not even that for secrets,
 *   recordings or the audit trail; never opens terminals or starts runs.
 */
export function roleAllows(
  role: Role | undefined,
  permission: Permission,
): boolean {
  switch (role) {
    case 'admin':
      return true;
    case 'operator':
      return !isAdminOnly(permission);
    case 'viewer':
      return (
        permission.attributes.action === 'read' &&
        !VIEWER_DENIED_READS_PREFIXES.some(p => permission.name.startsWith(p))
      );
    default:
      return false;
  }
}
