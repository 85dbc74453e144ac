import { RunSource } from '../runs/playbookJob';
import { Part, PartServices, ProjectSources } from '../service/parts';
import { InputError, NotFoundError } from '@backstage/errors';
import { playbookPaths } from '@opssight/plugin-automation-common';
import { VersionedFileStore } from '@opssight/plugin-versioned-files-node';
import { DatabaseProjectsStore } from './DatabaseProjectsStore';
import { projectRoutes } from './projectRoutes';
import { syntaxCheckHandler } from './syntaxCheck';
import { GitRemoteAccess, gitSettingsFromConfig } from '../sources/projectGit';

export type ProjectsPartOptions = {
  /**
   * The names of the templates that use a project: a project in use is not
   * deleted (409 naming them).
   */
  inUse?(projectId: string): Promise<string[]>;
};

/**
 * Projects: stored file trees, versioned (VersionedFileStore, tree id =
 * project id), or git repositories; their routes, their syntax checks (a
 * job handler) and what runs take from them.
 */
export async function createProjectsPart(
  services: PartServices,
  options: ProjectsPartOptions = {},
): Promise<
  Part &
    ProjectSources & {
      /**
       * The playbooks of a stored project's latest version; null for a git
       * project (its files are known once a run or a check fetched them).
       * NotFoundError for no project.
       */
      playbooksOf(projectId: string): Promise<string[] | null>;
    }
> {
  const store = await DatabaseProjectsStore.create(services);
  const versions = await VersionedFileStore.create(services);
  const { allowFileUrls, policy } = gitSettingsFromConfig(services.config);
  const gitAccess: GitRemoteAccess = {
    allowFileUrls,
    policy,
    hostKeyOf: projectId => store.gitHostKey(projectId),
    pinHostKey: (projectId, url, hostKey) =>
      store.pinGitHostKey(projectId, url, hostKey),
  };
  const files = (projectId: string, version: number) =>
    versions.readFiles(projectId, version);

  return {
    routes: projectRoutes({
      store,
      versions,
      allowFileUrls,
      policy,
      inUse: options.inUse ?? (async () => []),
    }),
    handlers: [
      syntaxCheckHandler({
        directories: services.directories,
        vault: services.vault,
        projects: { files },
        allowFileUrls,
        gitAccess,
      }),
    ],
    files,
    gitAccess,
    async playbooksOf(projectId) {
      const project = await store.get(projectId);
      return project.source.kind === 'git'
        ? null
        : playbookPaths(await versions.readFiles(projectId));
    },
    async sourceForRun(projectId, field) {
      const project = await store.get(projectId).catch(error => {
        throw error instanceof NotFoundError
          ? new InputError(`${field}: no project with id '${projectId}'`)
          : error;
      });
      if (project.source.kind === 'git') {
        const { url, ref, subPath, credentialId } = project.source;
        const source: RunSource = {
          kind: 'git',
          url,
          ref,
          ...(subPath ? { subPath } : {}),
          projectId,
        };
        return {
          source,
          gitCredentialId: credentialId,
          projectName: project.name,
        };
      }
      const latest = await versions.getVersion(projectId);
      return {
        source: { kind: 'files', projectId, version: latest.number },
        gitCredentialId: null,
        projectName: project.name,
      };
    },
  };
}
