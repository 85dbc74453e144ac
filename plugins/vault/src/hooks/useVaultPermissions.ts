import { usePermission } from '@backstage/plugin-permission-react';
import {
  vaultCredentialCreatePermission,
  vaultCredentialDeletePermission,
  vaultCredentialUpdatePermission,
  vaultSharedManagePermission,
  type CredentialScope,
} from '@opssight/plugin-vault-common';

export interface VaultPermissions {
  loading: boolean;
  canCreate: boolean;
  /** Create, change and delete shared credentials. */
  canManageShared: boolean;
  canUpdate: (scope: CredentialScope) => boolean;
  canDelete: (scope: CredentialScope) => boolean;
}

/**
 * What the user may do in the vault, so the page only offers what will work.
 * The backend decides again on every request; this only hides dead ends.
 */
export function useVaultPermissions(): VaultPermissions {
  const create = usePermission({ permission: vaultCredentialCreatePermission });
  const update = usePermission({ permission: vaultCredentialUpdatePermission });
  const remove = usePermission({ permission: vaultCredentialDeletePermission });
  const shared = usePermission({ permission: vaultSharedManagePermission });
  const scoped = (allowed: boolean) => (scope: CredentialScope) =>
    allowed && (scope === 'personal' || shared.allowed);
  return {
    loading:
      create.loading || update.loading || remove.loading || shared.loading,
    canCreate: create.allowed,
    canManageShared: shared.allowed,
    canUpdate: scoped(update.allowed),
    canDelete: scoped(remove.allowed),
  };
}
