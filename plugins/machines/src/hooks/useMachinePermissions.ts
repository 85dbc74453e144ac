import { usePermission } from '@backstage/plugin-permission-react';
import {
  machineConnectionTestPermission,
  machineCreatePermission,
  machineDeletePermission,
  machineUpdatePermission,
} from '@opssight/plugin-machines-common';

export interface MachinePermissions {
  loading: boolean;
  /** Add machines, one by one or in bulk. */
  canCreate: boolean;
  /** Edit machines, create and rename groups, forget pinned host keys. */
  canUpdate: boolean;
  /** Delete machines and groups. */
  canDelete: boolean;
  /** Run connection tests. */
  canTest: boolean;
}

/**
 * What the user may do with machines, so the pages only offer what will work
 * (viewers see no buttons they cannot use). The backend decides again on every
 * request; this only hides dead ends.
 */
export function useMachinePermissions(): MachinePermissions {
  const create = usePermission({ permission: machineCreatePermission });
  const update = usePermission({ permission: machineUpdatePermission });
  const remove = usePermission({ permission: machineDeletePermission });
  const test = usePermission({ permission: machineConnectionTestPermission });
  return {
    loading: create.loading || update.loading || remove.loading || test.loading,
    canCreate: create.allowed,
    canUpdate: update.allowed,
    canDelete: remove.allowed,
    canTest: test.allowed,
  };
}
