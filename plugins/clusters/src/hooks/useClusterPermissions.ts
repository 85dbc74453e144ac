import { usePermission } from '@backstage/plugin-permission-react';
import {
  clusterCreatePermission,
  clusterUpdatePermission,
  runCreatePermission,
} from '@opssight/plugin-clusters-common';

export interface ClusterPermissions {
  loading: boolean;
  /** Create clusters (the scaffolder wizard). */
  canCreate: boolean;
  /** Reconfigure nodes, edit details, run health checks now. */
  canUpdate: boolean;
  /** Start, cancel and re-run bulk scripts; save snippets. */
  canRun: boolean;
}

/**
 * What the user may do with clusters, so the pages only offer what will work.
 * The backend decides again on every request; this only hides dead ends.
 */
export function useClusterPermissions(): ClusterPermissions {
  const create = usePermission({ permission: clusterCreatePermission });
  const update = usePermission({ permission: clusterUpdatePermission });
  const run = usePermission({ permission: runCreatePermission });
  return {
    loading: create.loading || update.loading || run.loading,
    canCreate: create.allowed,
    canUpdate: update.allowed,
    canRun: run.allowed,
  };
}
