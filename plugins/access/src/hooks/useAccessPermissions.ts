import { usePermission } from '@backstage/plugin-permission-react';
import {
  accessUserCreatePermission,
  accessUserDeletePermission,
  accessUserUpdatePermission,
} from '@opssight/plugin-access-common';

export interface AccessPermissions {
  loading: boolean;
  canCreate: boolean;
  /** Change profile or role, disable or enable, reset the password. */
  canUpdate: boolean;
  canDelete: boolean;
}

/**
 * What the user may do to accounts, so the page only offers what will work.
 * The backend decides again on every request; this only hides dead ends.
 */
export function useAccessPermissions(): AccessPermissions {
  const create = usePermission({ permission: accessUserCreatePermission });
  const update = usePermission({ permission: accessUserUpdatePermission });
  const remove = usePermission({ permission: accessUserDeletePermission });
  return {
    loading: create.loading || update.loading || remove.loading,
    canCreate: create.allowed,
    canUpdate: update.allowed,
    canDelete: remove.allowed,
  };
}
