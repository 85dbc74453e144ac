import { usePermissionFlags } from '@opssight/plugin-api-react';
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
  return usePermissionFlags({
    canCreate: machineCreatePermission,
    canUpdate: machineUpdatePermission,
    canDelete: machineDeletePermission,
    canTest: machineConnectionTestPermission,
  });
}
