import { createPermission } from '@backstage/plugin-permission-common';

/** See credentials: names of shared ones, and one's own personal ones in full. */
export const vaultCredentialReadPermission = createPermission({
  name: 'opssight.vault.credential.read',
  attributes: { action: 'read' },
});

/** Store a new credential (a shared one also needs {@link vaultSharedManagePermission}). */
export const vaultCredentialCreatePermission = createPermission({
  name: 'opssight.vault.credential.create',
  attributes: { action: 'create' },
});

/** Rename a credential, change its user name or replace its secret. */
export const vaultCredentialUpdatePermission = createPermission({
  name: 'opssight.vault.credential.update',
  attributes: { action: 'update' },
});

export const vaultCredentialDeletePermission = createPermission({
  name: 'opssight.vault.credential.delete',
  attributes: { action: 'delete' },
});

/**
 * Let a backend plugin decrypt a credential on one's behalf (open a terminal,
 * run a playbook), and see the details of shared credentials. Not a Backstage
 * action, hence no attributes.
 */
export const vaultCredentialUsePermission = createPermission({
  name: 'opssight.vault.credential.use',
  attributes: {},
});

/** Create, update and delete shared credentials, and rotate the vault's key. */
export const vaultSharedManagePermission = createPermission({
  name: 'opssight.vault.shared.manage',
  attributes: {},
});

export const vaultPermissions = [
  vaultCredentialReadPermission,
  vaultCredentialCreatePermission,
  vaultCredentialUpdatePermission,
  vaultCredentialDeletePermission,
  vaultCredentialUsePermission,
  vaultSharedManagePermission,
];
