import { usePermission } from '@backstage/plugin-permission-react';
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
  const create = usePermission({ permission: clusterCreatePermission });
  const update = usePermission({ permission: clusterUpdatePermission });
  const run = usePermission({ permission: runCreatePermission });
  const remove = usePermission({ permission: clusterDeletePermission });
  return {
    loading: create.loading || update.loading || run.loading || remove.loading,
    canCreate: create.allowed,
    canUpdate: update.allowed,
    canDelete: remove.allowed,
    canRun: run.allowed,
  };
}
