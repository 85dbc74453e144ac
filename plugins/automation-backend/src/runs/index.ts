import { JobEngine } from '@opssight/plugin-jobs-node';
import { readVaultKeys, VaultCipher } from '@opssight/plugin-vault-node';
import type {
  InventoryResolver,
  Part,
  PartServices,
  ProjectSources,
  RunLauncher,
  TemplateLookup,
} from '../service/parts';
import { DatabaseRunStore } from './DatabaseRunStore';
import { playbookJobHandler } from './playbookJob';
import { RunEventRecorder } from './RunEventRecorder';
import { createRunLauncher, RunStarter } from './runLauncher';
import { runRoutes, syncRunStatuses, UpcomingSchedules } from './runRoutes';
import { RunStore } from './RunStore';

export { DatabaseRunStore } from './DatabaseRunStore';
export type { RunStore, StoredRun } from './RunStore';
export { sealAnswers, snapshotOf } from './runLauncher';

/**
 * The runs part: starting playbook runs (from the API, schedules and
 * re-runs), their records and events, and their routes.
 */
export async function createRunsPart(
  services: PartServices,
  deps: {
    projects: ProjectSources;
    inventories: InventoryResolver;
    templates: TemplateLookup;
    /** The home page's schedules due next (the schedules part). */
    upcomingSchedules?: UpcomingSchedules;
  },
): Promise<Part & RunLauncher & { store: RunStore; runs: RunStarter }> {
  const store = await DatabaseRunStore.create({ database: services.database });
  const recorder = new RunEventRecorder(store, services.logger);
  let engine: JobEngine | undefined;
  const launcher = createRunLauncher({
    ...services,
    // The same keys as the vault: the job handler opens sealed answers with the vault service.
    cipher: new VaultCipher(readVaultKeys(services)),
    store,
    ...deps,
    engine: () => {
      if (!engine) throw new Error('runs start once the plugin has started');
      return engine;
    },
  });
  return {
    store,
    runs: launcher,
    launch: input => launcher.launch(input),
    handlers: [
      playbookJobHandler({
        directories: services.directories,
        vault: services.vault,
        projects: deps.projects,
        allowFileUrls:
          services.config.getOptionalBoolean('automation.allowFileGitUrls') ??
          false,
        hooks: {
          started: id => store.setStatus(id, 'running'),
          commit: (id, commit) => store.setCommit(id, commit),
          event: (id, event) => recorder.record(id, event),
          finished: id => recorder.flush(id),
        },
      }),
    ],
    routes: context => {
      engine = context.engine;
      return runRoutes({
        store,
        launcher,
        upcomingSchedules: deps.upcomingSchedules,
      })(context);
    },
    async started(services_) {
      engine = services_.engine;
      // Runs a backend left behind are interrupted by now; their records follow.
      await syncRunStatuses(store, engine);
    },
  };
}
