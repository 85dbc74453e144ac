/** How ansible-playbook runs unless a template says otherwise (GET /defaults). */
export type RunDefaults = {
  /** Hosts at once (`--forks`); Ansible's own default is 5. */
  forks: number;
  /** SSH pipelining: one round trip per task instead of several. */
  pipelining: boolean;
  /** Seconds an idle SSH master connection is kept for the next task. */
  controlPersistSeconds: number;
  /** A run's time limit when its template sets none. */
  timeoutSeconds: number;
};
