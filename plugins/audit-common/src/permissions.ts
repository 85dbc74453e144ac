import { createPermission } from '@backstage/plugin-permission-common';

/** Read, export and verify the audit trail (Admin only in OpsSight's policy). */
export const auditReadPermission = createPermission({
  name: 'opssight.audit.read',
  attributes: { action: 'read' },
});

export const auditPermissions = [auditReadPermission];
