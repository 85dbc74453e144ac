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
    /** Fetching git projects. */
    git?: {
      /**
       * CIDRs of loopback or private networks git remotes may be at, e.g.
       * `[10.0.0.0/8]` for a git server inside the company network. Public
       * addresses are always allowed; link-local, cloud metadata and
       * unspecified addresses never. Checked on save and again right before
       * every fetch. Default none.
       */
      allowedNetworks?: string[];
    };
    /** Hosts a run reaches at once unless its template says (`--forks`). Default 10. */
    forks?: number;
    /** A run's time limit, in seconds, unless its template says. Default 3600. */
    runTimeoutSeconds?: number;
    /** How often each backend replica looks for schedules due, in seconds. Default 15. */
    scheduleTickSeconds?: number;
    /**
     * The demo, seeded once into an empty plugin on its first start: the
     * files of `projectDir` as a stored project, a live inventory of the
     * machine group `group` (default web) and, when `credential` names a
     * shared credential the vault seeds, a template of config-change.yml.
     */
    seed?: {
      /** Relative to the backend's working directory (packages/backend). */
      projectDir: string;
      group?: string;
      credential?: string;
      /** Owner of what is seeded. Default group:default/platform-team. */
      owner?: string;
    };
  };
}
