import { readVaultKeys, VaultCipher } from '@opssight/plugin-vault-node';
import type {
  Part,
  PartServices,
  RunLauncher,
  TemplateLookup,
} from '../service/parts';
import { DatabaseScheduleStore } from './DatabaseScheduleStore';
import { scheduleFires } from './scheduleFires';
import { scheduleRoutes } from './scheduleRoutes';
import { ScheduleStore } from './ScheduleStore';

export { DatabaseScheduleStore } from './DatabaseScheduleStore';
export type { ScheduleStore, StoredSchedule } from './ScheduleStore';

/**
 * The schedules part: schedules of templates, their routes, and the ticker
 * that fires them (once across replicas) from the moment the plugin runs.
 * Scheduled runs start in the owner's name with the plugin's own access
 * (see createRunLauncher: shared vault credentials only).
 */
export async function createSchedulesPart(
  services: PartServices,
  deps: {
    runs: RunLauncher;
    templates: TemplateLookup;
    /** Default: config `automation.scheduleTickSeconds`, else 15 s. */
    tickMs?: number;
  },
): Promise<
  Part & {
    store: ScheduleStore;
    upcoming(count: number): Promise<
      Array<{
        id: string;
        name: string;
        templateId: string;
        nextFireAt: string;
      }>
    >;
    stop(): Promise<void>;
  }
> {
  const store = await DatabaseScheduleStore.create({
    database: services.database,
  });
  const cipher = new VaultCipher(readVaultKeys(services));
  const fires = scheduleFires({
    ...services,
    store,
    launcher: deps.runs,
    tickMs:
      deps.tickMs ??
      (services.config.getOptionalNumber('automation.scheduleTickSeconds') ??
        15) * 1000,
  });
  return {
    store,
    routes: scheduleRoutes({
      store,
      templates: deps.templates,
      vault: services.vault,
      cipher,
    }),
    async started() {
      fires.start();
    },
    stop: () => fires.stop(),
    async upcoming(count) {
      const { rows } = await store.list({ limit: count, offset: 0 });
      return rows
        .filter(s => s.enabled && s.nextFireAt)
        .map(s => ({
          id: s.id,
          name: s.name,
          templateId: s.templateId,
          nextFireAt: s.nextFireAt!,
        }));
    },
  };
}
