/** Why a connection test failed, in the words an operator would use. */
export type ConnectionErrorKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'hostkey'
  | 'protocol'
  | 'auth';

/** The outcome of one connection test against one machine. */
export type ConnectionResult = {
  machineId: string;
  /** A TCP connection to ip:sshPort was established. */
  reachable: boolean;
  /** The SSH handshake completed and the host key matched the pinned one. */
  sshOk: boolean;
  /** SHA-256 fingerprint of the host key the server presented (`SHA256:…`). */
  fingerprint: string | null;
  /** Time to establish the TCP connection, in milliseconds. */
  latencyMs: number | null;
  errorKind: ConnectionErrorKind | null;
  message: string | null;
  checkedAt: string;
  /** The vault credential the test logged in with; absent when it only proved the handshake. */
  credentialId?: string;
};

export type Machine = {
  id: string;
  ip: string;
  hostname: string;
  application: string;
  sshPort: number;
  sshUser: string;
  description: string;
  groups: string[];
  tags: string[];
  /** Entity reference of the owner, e.g. `group:default/platform-team`. */
  owner: string;
  /** The host key fingerprint pinned on the first successful test. */
  hostKeyFingerprint: string | null;
  /**
   * The pinned host key itself in OpenSSH text form (`ssh-ed25519 AAAA…`), for
   * known_hosts; recorded with the pin, or by the next successful test of a
   * machine pinned before it was kept.
   */
  hostPublicKey: string | null;
  /** The vault credential connection tests log in with, unless another is picked for a test. */
  defaultCredentialId: string | null;
  lastCheck: ConnectionResult | null;
  createdAt: string;
  updatedAt: string;
};

export type MachineGroup = {
  id: string;
  name: string;
  description: string;
  machineCount: number;
  createdAt: string;
};

export type MachineList = {
  items: Machine[];
  totalCount: number;
};

export type MachineSortField =
  | 'ip'
  | 'hostname'
  | 'application'
  | 'createdAt'
  | 'updatedAt';

export type ListMachinesQuery = {
  /** Substring search over IP, hostname and application. */
  q?: string;
  group?: string;
  tag?: string;
  limit?: number;
  offset?: number;
  orderBy?: MachineSortField;
  order?: 'asc' | 'desc';
};

export type BulkRejectedRow = {
  /** 1-based line number in the pasted text or CSV file. */
  line: number;
  text: string;
  reason: string;
};

export type BulkAddResult = {
  created: Machine[];
  /** The first 50 rejected rows, in line order. */
  rejected: BulkRejectedRow[];
  /** How many rows were rejected in all. */
  rejectedCount: number;
};

/** Which machines a connection test covers (exactly one of the first three), and how it logs in. */
export type ConnectionTestRequest = {
  machineIds?: string[];
  group?: string;
  all?: boolean;
  /**
   * The vault credential to log in with, instead of each machine's default;
   * `null` logs in nowhere. Without a credential, a test proves the handshake
   * and the host key only.
   */
  credentialId?: string | null;
};
