export interface Config {
  /** OpsSight Automation (Ansible). */
  automation?: {
    /**
     * Where runs get their private working directories (0700, removed when a
     * run ends, swept at start-up). Default: a folder under the system's
     * temporary directory.
     */
    runRoot?: string;
    /**
     * Allow `file://` git URLs for projects (tests and single-machine demos).
     * Default false: a file URL would read any repository on the backend host.
     */
    allowFileGitUrls?: boolean;
    /** Hosts a run reaches at once unless its template says (`--forks`). Default 10. */
    forks?: number;
    /** A run's time limit, in seconds, unless its template says. Default 3600. */
    runTimeoutSeconds?: number;
  };
}
