export interface Config {
  opssight?: {
    /** Sessions of local users signed in with a password. */
    sessions?: {
      /** A session unused for this long ends. Default 30. */
      idleTimeoutMinutes?: number;
      /** A session ends this long after sign-in, however much it is used. Default 12. */
      maxLifetimeHours?: number;
    };
  };
}
