import { Project, ProjectSource } from '@opssight/plugin-automation-common';

/** A project as stored: what the API answers, less its newest version. */
export type StoredProject = Omit<Project, 'latestVersion'>;

export type NewProject = {
  name: string;
  description: string;
  source: ProjectSource;
  owner: string;
};

export type ProjectChanges = Partial<
  Pick<NewProject, 'name' | 'description' | 'source'>
>;

/** The projects (automation_projects); a stored project's files are kept apart, by version. */
export interface ProjectsStore {
  /** Name order; `q` matches names and descriptions. */
  list(query: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: StoredProject[]; totalCount: number }>;
  /** NotFoundError for an unknown id. */
  get(id: string): Promise<StoredProject>;
  /** ConflictError naming `name` when it is taken. */
  create(project: NewProject): Promise<StoredProject>;
  /** ConflictError naming `name` when it is taken; NotFoundError for an unknown id. */
  update(id: string, changes: ProjectChanges): Promise<StoredProject>;
  /** The project as it was; NotFoundError for an unknown id. */
  delete(id: string): Promise<StoredProject>;
  /**
   * The SSH host key a git project's remote is pinned to (OpenSSH text);
   * undefined before its first SSH fetch. NotFoundError for an unknown id.
   */
  gitHostKey(id: string): Promise<string | undefined>;
  /**
   * Pins the host key a first fetch of `url` met (trust on first use):
   * false, and nothing changed, when a key is pinned already or the
   * project's URL is no longer `url`.
   */
  pinGitHostKey(id: string, url: string, hostKey: string): Promise<boolean>;
}
