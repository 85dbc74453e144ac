import {
  Cluster,
  ClusterApiHealth,
  ClusterChange,
  ClusterList,
  ClusterTopology,
  NodeSshCheck,
  ReconfigureResult,
} from '@opssight/plugin-clusters-common';

/** What the clusters plugin keeps of the registered machine at a node's IP. */
export type MachineSnapshot = {
  id: string;
  hostname: string;
  hostKeyPinned: boolean;
};

/** Registered machines by IP, as the machines API answered. */
export type MachinesByIp = Map<string, MachineSnapshot>;

export type ListClustersQuery = {
  environment?: string;
  /** Substring of the name or the description, case-insensitive. */
  q?: string;
  limit?: number;
  offset?: number;
};

export type NewCluster = {
  name: string;
  description: string;
  environment: string;
  owner: string;
  topology: ClusterTopology;
  apiUrl: string | null;
  apiCaData: string | null;
  apiTokenCredentialId: string | null;
  createdBy: string;
};

/** The details PATCH may change; absent fields stay. */
export type ClusterDetails = Partial<
  Pick<
    Cluster,
    | 'name'
    | 'description'
    | 'environment'
    | 'owner'
    | 'apiUrl'
    | 'apiCaData'
    | 'apiTokenCredentialId'
  >
>;

/** The outcome of one health check of a cluster. */
export type HealthCheckRecord = {
  checkedAt: string;
  /** By node IP; nodes missing here keep no result. */
  ssh: Map<string, NodeSshCheck>;
  /** Null when the cluster has no API configured. */
  api: ClusterApiHealth | null;
  /** The registry's machines at the nodes' IPs, as the check found them. */
  machines: MachinesByIp;
};

/** A machine as its change events carry it. */
export type MachineChange = {
  id: string;
  ip: string;
  hostname: string;
  hostKeyFingerprint: string | null;
};

/**
 * Persistence for clusters. Not-found is NotFoundError, a taken name or a
 * stale `expectedUpdatedAt` ConflictError.
 */
export interface ClustersStore {
  listClusters(query: ListClustersQuery): Promise<ClusterList>;
  getCluster(id: string): Promise<Cluster>;
  getClusterByName(name: string): Promise<Cluster>;
  getClusters(ids: string[]): Promise<Cluster[]>;
  getAllClusterIds(): Promise<string[]>;
  /** Records the `created` change with it. */
  createCluster(input: NewCluster, machines: MachinesByIp): Promise<Cluster>;
  /**
   * Changes details; records an `updated` change naming the fields whose
   * value changed, or nothing (change null) when none did.
   */
  updateCluster(
    id: string,
    details: ClusterDetails,
    by: string,
  ): Promise<{ cluster: Cluster; change: ClusterChange | null }>;
  /**
   * Replaces the nodes; records a `reconfigured` change, or nothing when the
   * topology is the same. ConflictError when the cluster's updatedAt is not
   * `expectedUpdatedAt` (when given), or changed while this ran.
   */
  reconfigure(
    id: string,
    topology: ClusterTopology,
    options: { by: string; expectedUpdatedAt?: string; machines: MachinesByIp },
  ): Promise<ReconfigureResult>;
  /** Returns the cluster as it was. */
  deleteCluster(id: string): Promise<Cluster>;
  /** Newest first. */
  listChanges(clusterId: string): Promise<ClusterChange[]>;
  /** Names of the clusters each IP is a node of (only IPs that are). */
  clusterNamesByIp(ips: string[]): Promise<Map<string, string[]>>;
  recordHealthCheck(id: string, check: HealthCheckRecord): Promise<Cluster>;
  /**
   * Follows the machine registry: a machine created or changed at a node's
   * IP, or one deleted. Returns the ids of clusters whose nodes changed.
   */
  applyMachineChanges(changes: {
    upserted: MachineChange[];
    deleted: MachineChange[];
  }): Promise<string[]>;
}
