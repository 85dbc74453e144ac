import { createPermission } from '@backstage/plugin-permission-common';

/** See clusters, their nodes, health, history and inventory (every role). */
export const clusterReadPermission = createPermission({
  name: 'opssight.clusters.cluster.read',
  attributes: { action: 'read' },
});

/** Create clusters (the wizard). */
export const clusterCreatePermission = createPermission({
  name: 'opssight.clusters.cluster.create',
  attributes: { action: 'create' },
});

/** Reconfigure a cluster's nodes, edit its details, run its health checks now. */
export const clusterUpdatePermission = createPermission({
  name: 'opssight.clusters.cluster.update',
  attributes: { action: 'update' },
});

export const clusterDeletePermission = createPermission({
  name: 'opssight.clusters.cluster.delete',
  attributes: { action: 'delete' },
});

/** See bulk runs and their per-host output, and saved snippets (every role). */
export const runReadPermission = createPermission({
  name: 'opssight.clusters.run.read',
  attributes: { action: 'read' },
});

/** Start, cancel and re-run bulk scripts; save snippets (Operators and Admins; Viewers cannot run). */
export const runCreatePermission = createPermission({
  name: 'opssight.clusters.run.create',
  attributes: { action: 'create' },
});

/**
 * Act on other users' runs and snippets: cancel their runs, edit or delete
 * their snippets and the snippets saved before snippets had owners (Admins).
 * Everyone else acts on their own only.
 */
export const runManageOthersPermission = createPermission({
  name: 'opssight.clusters.run.manage-others',
  attributes: { action: 'update' },
});

export const clustersPermissions = [
  clusterReadPermission,
  clusterCreatePermission,
  clusterUpdatePermission,
  clusterDeletePermission,
  runReadPermission,
  runCreatePermission,
  runManageOthersPermission,
];
