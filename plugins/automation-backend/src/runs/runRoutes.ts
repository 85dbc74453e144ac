import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  automationReadPermission,
  automationRunPermission,
  AutomationSummary,
  runListQuerySchema,
  runRequestSchema,
  runRerunRequestSchema,
} from '@opssight/plugin-automation-common';
import { isFinalJobStatus, Job } from '@opssight/plugin-jobs-common';
import { JobEngine } from '@opssight/plugin-jobs-node';
import { parseInput } from '@opssight/plugin-http-node';
import type { Request } from 'express';
import { RouteContext } from '../service/context';
import { runCell, runResults } from './results';
import { RunStarter } from './runLauncher';
import { RunStore, StoredRun } from './RunStore';

/** What the home page shows of the schedules (the schedules part answers). */
export type UpcomingSchedules = (
  count: number,
) => Promise<AutomationSummary['nextSchedules']>;

/**
 * Brings the stored status of live runs up to date with their jobs: the
 * engine decides how a job ends (cancelled, timed out, interrupted by a
 * backend that stopped), so the records follow it when read. Live runs are
 * few, so this is cheap.
 */
export async function syncRunStatuses(store: RunStore, engine: JobEngine) {
  for (const run of await store.live()) {
    const job = await engine.get(run.id);
    if (job && job.status !== run.status)
      await store.setStatus(run.id, job.status);
  }
}

export function runRoutes(deps: {
  store: RunStore;
  launcher: RunStarter;
  upcomingSchedules?: UpcomingSchedules;
}) {
  const { store, launcher } = deps;
  return ({ router, guard, engine, mayActOnOthers }: RouteContext) => {
    async function runOf(id: string): Promise<{ run: StoredRun; job: Job }> {
      const run = await store.get(id);
      const job = await engine.get(id);
      if (!job) throw new NotFoundError(`No run with id '${id}'`);
      if (job.status !== run.status) {
        await store.setStatus(id, job.status);
        run.status = job.status;
      }
      return { run, job };
    }

    async function view(id: string) {
      const { run, job } = await runOf(id);
      const { inventory: _i, sealedAnswers: _s, ...record } = run;
      return { job, targets: await engine.getTargets(id), run: record };
    }

    router.post('/templates/:id/runs', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationRunPermission,
      );
      const input = parseInput(runRequestSchema, req.body ?? {}, 'run');
      const job = await guard.audited(
        req,
        'run-create',
        { templateId: req.params.id },
        async event => {
          const started = await launcher.launch(
            {
              templateId: req.params.id,
              answers: input.answers ?? {},
              limit: input.limit,
              credentials,
              actor,
            },
            event,
          );
          event.addMeta({ runId: started.id });
          return started;
        },
      );
      res.status(201).json(await view(job.id));
    });

    router.get('/runs', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const query = parseInput(runListQuerySchema, req.query, 'query');
      await syncRunStatuses(store, engine);
      const page = await store.list({
        templateId: query.templateId,
        machineId: query.machineId,
        status: query.status,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      res.json({ items: page.rows, totalCount: page.totalCount });
    });

    router.get('/runs/:id', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(await view(req.params.id));
    });

    router.get('/runs/:id/events', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const { run } = await runOf(req.params.id);
      await engine.streamEvents(run.id, req as unknown as Request, res);
    });

    router.get('/runs/:id/results', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const { run } = await runOf(req.params.id);
      const targets = await engine.getTargets(run.id);
      res.json(
        runResults(
          await store.events(run.id),
          targets.map(t => t.key),
        ) as any,
      );
    });

    router.get('/runs/:id/results/:host/:taskId', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const { run } = await runOf(req.params.id);
      res.json(
        runCell(
          await store.events(run.id),
          req.params.host,
          req.params.taskId,
        ) as any,
      );
    });

    router.get('/runs/:id/inventory', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const { run } = await runOf(req.params.id);
      res.json({
        sha256: run.inventorySha256,
        inventory: run.inventory as any,
      });
    });

    router.post('/runs/:id/cancel', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationRunPermission,
      );
      const { run } = await runOf(req.params.id);
      const job = await guard.audited(
        req,
        'run-cancel',
        { runId: run.id },
        () =>
          engine.cancel(run.id, {
            actor,
            mayActOnOthers: () => mayActOnOthers(credentials),
          }),
      );
      await store.setStatus(run.id, job.status);
      res.json(job as any);
    });

    router.post('/runs/:id/rerun', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationRunPermission,
      );
      const input = parseInput(runRerunRequestSchema, req.body ?? {}, 'rerun');
      const { run, job: source } = await runOf(req.params.id);
      if (!isFinalJobStatus(source.status)) {
        throw new ConflictError(
          `The run is still ${source.status}; run it again once it ended`,
        );
      }
      const targets = await engine.getTargets(run.id);
      const hosts = targets
        .filter(
          t =>
            input.targets === 'all' ||
            t.status === 'failed' ||
            t.status === 'cancelled',
        )
        .map(t => t.key);
      if (hosts.length === 0) {
        throw new InputError(
          'targets: no host of this run failed or was unreachable',
        );
      }
      const job = await guard.audited(
        req,
        'run-rerun',
        { runId: run.id },
        async event => {
          const started = await launcher.rerun(
            run,
            { targets: input.targets, hosts, credentials, actor },
            event,
          );
          event.addMeta({ newRunId: started.id });
          return started;
        },
      );
      res.status(201).json(await view(job.id));
    });

    router.get('/summary', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      await syncRunStatuses(store, engine);
      const [recent, counts, nextSchedules] = await Promise.all([
        store.list({ limit: 10, offset: 0 }),
        store.counts(),
        deps.upcomingSchedules?.(5) ?? Promise.resolve([]),
      ]);
      const summary: AutomationSummary = {
        recentRuns: recent.rows,
        nextSchedules,
        counts,
      };
      res.json(summary as any);
    });
  };
}
