export interface Config {
  /** OpsSight machine registry. */
  machines?: {
    /** Owner entity of machines created without one. Default group:default/platform-team. */
    defaultOwner?: string;
    /**
     * Whether machines may be at the portal's own host: loopback (127.0.0.0/8, ::1),
     * unspecified (0.0.0.0, ::) and link-local (169.254.0.0/16, fe80::/10) addresses.
     * Off by default, so an operator cannot probe the backend host's ports (or a cloud
     * metadata service) by registering them; on for development and tests, whose
     * machines are local. Default false.
     */
    allowLoopback?: boolean;
    connectionTest?: {
      /** Machines probed at once. Default 32. */
      concurrency?: number;
      /** TCP connect timeout in milliseconds. Default 5000. */
      connectTimeoutMs?: number;
      /** SSH handshake timeout in milliseconds. Default 10000. */
      handshakeTimeoutMs?: number;
    };
    /** Demo machines imported on the first start of an empty registry. */
    seed?: {
      /** CSV file (ip,hostname,application,groups,tags), relative to the backend's working directory. */
      file: string;
      /** SSH port of the seeded machines (default 22); scripts/start.sh sets its demo sshd's. */
      sshPort?: number;
      /** SSH user of the seeded machines; scripts/start.sh sets the user running it. */
      sshUser?: string;
      /**
       * Name of a shared credential seeded by the vault (`vault.seed.sharedCredentials`,
       * development only) to be the seeded machines' default credential;
       * scripts/start.sh sets its demo key's, `demo-ssh`.
       */
      defaultCredential?: string;
    };
  };
}
