export interface Config {
  /** OpsSight machine registry. */
  machines?: {
    /** Owner entity of machines created without one. Default group:default/platform-team. */
    defaultOwner?: string;
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
    };
  };
}
