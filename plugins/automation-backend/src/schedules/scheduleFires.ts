import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CredentialCheckout, VaultService } from '@opssight/plugin-vault-node';
import type { RunLauncher } from '../service/parts';
import { nextFireTimes } from './cronTimes';
import { ScheduleStore, StoredSchedule } from './ScheduleStore';

export type ScheduleFiresOptions = {
  store: ScheduleStore;
  launcher: RunLauncher;
  auth: AuthService;
  auditor: AuditorService;
  vault: Pick<VaultService, 'open'>;
  logger: LoggerService;
  /** How often due schedules are looked for. */
  tickMs: number;
};

/** A fire later than this after its time was missed (the portal was down), not merely late. */
const missedAfterMs = (tickMs: number) => Math.max(60_000, 3 * tickMs);

/**
 * Fires due schedules. Every replica ticks; each fire is claimed in the
 * database first (see ScheduleStore.claim), so it starts one run whatever the
 * number of replicas. A fire missed while no backend ran starts one run
 * (`run-once`, however many were missed) or none (`skip`); either way the
 * schedule moves on to its next time after now.
 */
export function scheduleFires(options: ScheduleFiresOptions) {
  const { store, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();

  function secretAnswers(schedule: StoredSchedule): Record<string, unknown> {
    if (!schedule.sealedAnswers) return {};
    const checkout = JSON.parse(schedule.sealedAnswers) as CredentialCheckout;
    return JSON.parse(options.vault.open(checkout).password ?? '{}');
  }

  async function fire(schedule: StoredSchedule, firedAt: string) {
    const event = await options.auditor.createEvent({
      eventId: 'schedule-fire',
      severityLevel: 'medium',
      meta: {
        scheduleId: schedule.id,
        templateId: schedule.templateId,
        fireAt: schedule.nextFireAt,
      },
    });
    try {
      const job = await options.launcher.launch({
        templateId: schedule.templateId,
        answers: { ...schedule.answers, ...secretAnswers(schedule) },
        credentials: await options.auth.getOwnServiceCredentials(),
        actor: schedule.owner,
        trigger: `schedule:${schedule.id}`,
      });
      await store.recordFire(schedule.id, {
        firedAt,
        runId: job.id,
        error: null,
      });
      await event.success({ meta: { scheduleId: schedule.id, runId: job.id } });
    } catch (error) {
      const message = (error as Error).message;
      await store.recordFire(schedule.id, {
        firedAt,
        runId: null,
        error: message,
      });
      await event.fail({
        error: error as Error,
        meta: { scheduleId: schedule.id },
      });
      logger.warn(
        `Schedule '${schedule.name}' (${schedule.id}) did not start a run: ${message}`,
      );
    }
  }

  async function tick(now = new Date()) {
    const nowIso = now.toISOString();
    for (const schedule of await store.due(nowIso)) {
      const fireAt = schedule.nextFireAt!;
      let next: string | null;
      try {
        [next] = nextFireTimes(schedule.cron, schedule.timezone, now, 1);
      } catch {
        next = null; // an expression this version cannot read: stop, do not loop
      }
      if (!(await store.claim(schedule.id, fireAt, next))) continue; // another replica has it
      const missed =
        now.getTime() - Date.parse(fireAt) > missedAfterMs(options.tickMs);
      if (missed && schedule.catchUp === 'skip') {
        logger.info(
          `Schedule '${schedule.name}' skipped the fire missed at ${fireAt}`,
        );
        continue;
      }
      await fire(schedule, nowIso);
    }
  }

  return {
    tick,
    start() {
      const run = () => {
        ticking = ticking
          .then(() => tick())
          .catch(error => logger.error(`Schedules: ${error}`));
      };
      run(); // at start-up: the fires missed while the portal was down
      timer = setInterval(run, options.tickMs);
      // A backend shutting down is not held up by the next tick.
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await ticking;
    },
  };
}
