import type { Job, JobList } from '@opssight/plugin-jobs-common';

/** A node's part in the cluster: control plane (and etcd) or worker. */
export type NodeRole = 'master' | 'worker';

/** The IPs that make a cluster, as the wizard and the edit form ask for them. */
export type ClusterTopology = {
  /** Control-plane nodes, which also run etcd; at least one. */
  masters: string[];
  /** Worker nodes; may be empty. */
  workers: string[];
  /** The HAProxy / load-balancer address in front of the API servers, if any. */
  loadBalancerIp: string | null;
};

/** The latest SSH reachability check of one node (a probe: TCP, handshake, pinned host key). */
export type NodeSshCheck = {
  checkedAt: string;
  reachable: boolean;
  /** Handshake completed with the pinned host key. */
  sshOk: boolean;
  latencyMs: number | null;
  /** dns, refused, timeout, hostkey, protocol, auth (as ssh-node names them) */
  errorKind: string | null;
  message: string | null;
};

/** What the Kubernetes API says of one node (from /api/v1/nodes). */
export type KubeNodeStatus = {
  name: string;
  /** The node's InternalIP, which links it to a cluster node. */
  internalIp: string | null;
  ready: boolean;
  /** Conditions that are True and should not be: MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable. */
  pressure: string[];
};

/** One node of a cluster, joined with the machine registered at its IP. */
export type ClusterNode = {
  ip: string;
  role: NodeRole;
  /** The registered machine at this IP; null if it was removed from the registry since. */
  machineId: string | null;
  hostname: string | null;
  /** The machine's pinned host key; a node without one cannot be reached by runs or terminals until tested. */
  hostKeyPinned: boolean;
  lastSshCheck: NodeSshCheck | null;
  /** From the Kubernetes API, when the cluster has one configured and the node was found there. */
  kube: KubeNodeStatus | null;
};

/**
 * - `healthy`: every node reachable over SSH and, with an API configured, /readyz ok and every node Ready without pressure.
 * - `degraded`: the cluster answers, but some node is unreachable, not Ready or under pressure.
 * - `unhealthy`: no master reachable, or the API is configured and /readyz fails.
 * - `unknown`: not checked yet.
 */
export type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export type ClusterApiHealth = {
  checkedAt: string;
  /** GET /readyz answered 200 "ok". */
  ready: boolean;
  /** Why the check failed (network, TLS, 401/403, …) when it did. */
  message: string | null;
  nodes: KubeNodeStatus[];
};

export type ClusterHealth = {
  state: HealthState;
  /** One line for tables: "3/3 nodes reachable · API ready · 3/3 Ready". */
  summary: string;
  checkedAt: string | null;
  ssh: { total: number; reachable: number };
  /** Null when no API URL and token credential are configured. */
  api: ClusterApiHealth | null;
};

export type Cluster = {
  id: string;
  /** DNS label; also the catalog entity's name. */
  name: string;
  description: string;
  /** e.g. production, staging, development, test. */
  environment: string;
  /** Entity reference of the owner, e.g. `group:default/platform-team`. */
  owner: string;
  loadBalancerIp: string | null;
  /** The Kubernetes API server URL, once known; publishes the kubernetes.io annotations on the entity. */
  apiUrl: string | null;
  /** The API server's CA certificate (base64 PEM, public data), for the kubernetes.io annotation and health checks. */
  apiCaData: string | null;
  /** A vault credential of kind `api-token` (a service-account token) for health checks; never the token itself. */
  apiTokenCredentialId: string | null;
  nodes: ClusterNode[];
  health: ClusterHealth;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

/** What POST /clusters answers: the new cluster, and advice that did not block it (an even number of masters, IPs already in other clusters). */
export type CreatedCluster = Cluster & { warnings: string[] };

export type ClusterList = {
  items: Cluster[];
  totalCount: number;
};

/** What changed between two topologies. An IP moved between masters and workers appears as removed from one and added to the other. */
export type TopologyDiff = {
  masters: { added: string[]; removed: string[] };
  workers: { added: string[]; removed: string[] };
  loadBalancer: { from: string | null; to: string | null } | null;
  /** True when nothing changes. */
  empty: boolean;
};

/** One entry of a cluster's change history. */
export type ClusterChange = {
  id: string;
  clusterId: string;
  at: string;
  by: string;
  /** `created`, `reconfigured` (topology) or `updated` (details such as owner or API URL). */
  kind: 'created' | 'reconfigured' | 'updated';
  before: ClusterTopology | null;
  after: ClusterTopology;
  diff: TopologyDiff;
  /** Names of other fields that changed (for `updated`). */
  fields: string[];
};

/** The answer to a reconfiguration: the diff, and the cluster as it now is (unless it was a preview). */
export type ReconfigureResult = {
  diff: TopologyDiff;
  cluster: Cluster;
  change: ClusterChange | null;
};

/** What the registry knows of an IP, for the wizard's IP list. */
export type IpLookup = {
  ip: string;
  machine: { id: string; hostname: string; hostKeyPinned: boolean } | null;
  /** Names of clusters that already have this IP as a node. */
  clusters: string[];
};

/** Which machines a bulk run targets: exactly one of the forms. */
export type RunTargetSelection =
  | { clusterId: string; role?: 'all' | NodeRole }
  | { group: string }
  | { machineIds: string[] };

/** The input of a bulk script run. */
export type BulkRunRequest = {
  targets: RunTargetSelection;
  /**
   * The multi-line shell script that runs (with `bash -s`, on stdin): exactly
   * this text, also when it came from a snippet.
   */
  script: string;
  /** The saved snippet the script came from, if any; then `scriptSha256` is required. */
  snippetId?: string;
  /**
   * `sha256Hex(script)`. With `snippetId`, the server refuses the run (409)
   * when the snippet no longer has this script: someone changed it since the
   * user opened it.
   */
  scriptSha256?: string;
  /** The vault credential to log in with. */
  credentialId: string;
  /** Run the script as root through sudo (with the credential's password when it has one, else sudo -n). */
  sudo?: boolean;
  /** Hosts at a time, 1–500; default 50. */
  concurrency?: number;
  /** Per-host timeout in seconds, 1–3600; default 60. */
  timeoutSeconds?: number;
};

/** A bulk run's parameters as stored on its job (`job.params`); no secret. */
export type BulkRunParams = {
  /** The text the job executes, as the user sent it; never re-read from the snippet. */
  script: string;
  snippetName: string | null;
  credentialId: string;
  sudo: boolean;
  concurrency: number;
  timeoutSeconds: number;
  targets: RunTargetSelection;
  /** The cluster, when the targets were one cluster's nodes. */
  clusterId: string | null;
};

/** A bulk run is a job of kind `bulk-script` whose params are BulkRunParams. */
export type BulkRun = Job;
export type BulkRunList = JobList;
export const BULK_SCRIPT_JOB_KIND = 'bulk-script';

export type Snippet = {
  id: string;
  name: string;
  description: string;
  script: string;
  /**
   * Who may edit or delete it besides Admins: the user who saved it.
   * Null for snippets saved before snippets had owners (Admins only).
   */
  owner: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Whether the user who asked may edit or delete it; others may copy it. */
  canEdit: boolean;
};
