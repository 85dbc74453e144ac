import { usePermissionFlags } from '@opssight/plugin-api-react';
import {
  clusterCreatePermission,
  clusterDeletePermission,
  clusterUpdatePermission,
  runCreatePermission,
} from '@opssight/plugin-clusters-common';

export interface ClusterPermissions {
  loading: boolean;
  /** Create clusters (the scaffolder wizard). */
  canCreate: boolean;
  /** Reconfigure nodes, edit details, run health checks now. */
  canUpdate: boolean;
  /** Delete clusters. */
  canDelete: boolean;
  /** Start, cancel and re-run bulk scripts; save snippets. */
  canRun: boolean;
}

/**
 * What the user may do with clusters, so the pages only offer what will work.
 * The backend decides again on every request; this only hides dead ends.
 */
export function useClusterPermissions(): ClusterPermissions {
  return usePermissionFlags({
    canCreate: clusterCreatePermission,
    canUpdate: clusterUpdatePermission,
    canDelete: clusterDeletePermission,
    canRun: runCreatePermission,
  });
}
