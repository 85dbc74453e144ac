import type { SurveyQuestion } from './survey';

/*
 * The templates part of the automation API. `Template` and
 * `TemplateOptions` are the contract the runs and schedules parts build on;
 * the request schemas (zod) sit beside them.
 */

/** How ansible-playbook is run for a template; every field shown in the UI with its default. */
export type TemplateOptions = {
  /** `--limit`: host or group patterns. */
  limit: string[];
  tags: string[];
  skipTags: string[];
  /** `--check`: report what would change, change nothing. */
  check: boolean;
  /** `--diff`. */
  diff: boolean;
  /** 0 to 4 (`-v` … `-vvvv`). */
  verbosity: number;
  /** Hosts at once; null: the default (the run's concurrency setting). */
  forks: number | null;
  /** The whole run's limit, in seconds; null: the default. */
  timeoutSeconds: number | null;
};

/** A template: what to run, where, as whom, and how. */
export type Template = {
  id: string;
  name: string;
  description: string;
  projectId: string;
  /** The playbook's path inside the project, e.g. `site.yml`. */
  playbook: string;
  inventoryId: string;
  /** Vault credential (SSH key or password) the run logs in with. */
  sshCredentialId: string;
  /** Vault credential whose password is the become (sudo) password. */
  becomeCredentialId: string | null;
  /** Vault credential whose password opens Ansible Vault files. */
  vaultCredentialId: string | null;
  /** Extra variables as YAML text (a mapping), validated on save. */
  extraVars: string;
  options: TemplateOptions;
  survey: SurveyQuestion[];
  /** Only one run of this template at a time: a second is refused while one is live. */
  oneAtATime: boolean;
  /** Who created it (`user:default/alice`); only they or an Admin change it. */
  owner: string;
  createdAt: string;
  updatedAt: string;
};
