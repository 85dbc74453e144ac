export interface Config {
  /** OpsSight Kubernetes clusters. */
  clusters?: {
    /** Owner entity of clusters created without one. Default group:default/platform-team. */
    defaultOwner?: string;
    /** What a cluster's API URL may point at. */
    apiUrl?: {
      /**
       * CIDRs of loopback or private networks API URLs may point at, e.g.
       * `[10.0.0.0/8]`. Public addresses are always allowed; link-local, cloud
       * metadata and unspecified addresses never. Default none.
       */
      allowedNetworks?: string[];
    };
    /** Scheduled health checks of every cluster (also run on demand: POST /clusters/:id/health-checks). */
    health?: {
      /** Minutes between two checks of every cluster. Default 5. */
      intervalMinutes?: number;
      /** Nodes of a cluster probed over SSH at once. Default 32. */
      concurrency?: number;
      /** TCP connect timeout of a node's SSH probe, in milliseconds. Default 5000. */
      connectTimeoutMs?: number;
      /** SSH handshake timeout of a node's probe, in milliseconds. Default 10000. */
      handshakeTimeoutMs?: number;
    };
  };
}
