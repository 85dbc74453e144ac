import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Template } from '@opssight/plugin-automation-common';
import { Job } from '@opssight/plugin-jobs-common';
import { JobHandler } from '@opssight/plugin-jobs-node';
import { RunDirectories } from '@opssight/plugin-runner-node';
import type { ResolvedInventory } from '../inventory/registryInventory';
import type { ProjectFiles, RunSource } from '../runs/playbookJob';
import { clustersApi, createInventoriesPart } from '../inventories';
import { createProjectsPart } from '../projects';
import { createRunsPart } from '../runs';
import { createSchedulesPart } from '../schedules';
import { createTemplatesPart, TemplatesPart } from '../templates';
import { AutomationServices } from './context';
import { defaultsRoutes } from './defaults';
import { AutomationRoutes } from './router';

/*
 * The plugin is made of five parts, each in its own folder with its store,
 * its routes and its tests: projects, inventories, templates, runs and
 * schedules. They reach each other only through the interfaces below, wired
 * in createAutomationParts.
 */

/** What the parts are made from: the plugin's services before the engine exists. */
export type PartServices = Omit<AutomationServices, 'engine'> & {
  directories: RunDirectories;
};

/** What one part gives the plugin. */
export interface Part {
  routes: AutomationRoutes;
  /** Job handlers the engine runs (playbook runs, syntax checks). */
  handlers?: JobHandler<any>[];
  /** Called once the engine runs (schedules start here). */
  started?(services: AutomationServices): Promise<void>;
}

/** Projects, as the other parts use them (src/projects). */
export interface ProjectSources extends ProjectFiles {
  /**
   * What a new run of the project uses: a stored project's latest version,
   * or its git URL and ref, with the vault credential git logs in with. A
   * missing project is an InputError naming `field`.
   */
  sourceForRun(
    projectId: string,
    field: string,
  ): Promise<{
    source: RunSource;
    gitCredentialId: string | null;
    projectName: string;
  }>;
}

/** Inventories, as the other parts use them (src/inventories). */
export interface InventoryResolver {
  /**
   * The inventory as it is right now, seen by `credentials` (the registry
   * applies its permissions): hosts a run would reach, and the machines it
   * would refuse (no pinned host key). A missing inventory is an InputError
   * naming `field`.
   */
  resolve(
    inventoryId: string,
    credentials: BackstageCredentials,
    field: string,
  ): Promise<ResolvedInventory & { name: string }>;
}

/** Templates, as the runs and schedules use them (src/templates). */
export interface TemplateLookup {
  /** NotFoundError for an unknown template. */
  get(id: string): Promise<Template>;
}

/** Starting runs, as the schedules use it (src/runs). */
export interface RunLauncher {
  /**
   * Starts a run of a template on behalf of `actor`: resolves its
   * inventory, snapshots it, checks its credentials out of the vault and
   * enqueues the job. `answers` are the survey's.
   */
  launch(input: {
    templateId: string;
    answers: Record<string, unknown>;
    credentials: BackstageCredentials;
    actor: string;
    /** `schedule:<id>` when a schedule starts it. */
    trigger?: string;
  }): Promise<Job>;
}

/**
 * The parts of the plugin, wired to each other: their stores, the job
 * handlers the engine runs, the routes of each, and what starts once the
 * engine runs (the schedules).
 */
export interface AutomationParts {
  handlers: JobHandler<any>[];
  routes: AutomationRoutes[];
  started?(services: AutomationServices): Promise<void>;
  /** At shutdown, before the engine stops: no schedule fires any more. */
  stopping?(): Promise<void>;
}

export async function createAutomationParts(
  services: PartServices,
): Promise<AutomationParts> {
  // Projects and inventories in use are not deleted: they ask the templates
  // part, made after them (it checks its references against them). The home
  // page lists the schedules due next, made after the runs they start.
  const later: {
    templates?: TemplatesPart;
    schedules?: Awaited<ReturnType<typeof createSchedulesPart>>;
  } = {};
  const projects = await createProjectsPart(services, {
    inUse: async id => later.templates?.usingProject(id) ?? [],
  });
  const inventories = await createInventoriesPart(services, {
    clusters: clustersApi(services),
    templatesUsing: async id => later.templates?.usingInventory(id) ?? [],
  });
  const templates = await createTemplatesPart(services, {
    projects,
    inventories,
  });
  later.templates = templates;
  const runs = await createRunsPart(services, {
    projects,
    inventories,
    templates,
    upcomingSchedules: async count => later.schedules?.upcoming(count) ?? [],
  });
  const schedules = await createSchedulesPart(services, { runs, templates });
  later.schedules = schedules;

  const parts: Part[] = [
    { routes: defaultsRoutes },
    projects,
    inventories,
    templates,
    runs,
    schedules,
  ];
  return {
    handlers: parts.flatMap(p => p.handlers ?? []),
    routes: parts.map(p => p.routes),
    async started(started) {
      for (const part of parts) await part.started?.(started);
    },
    stopping: () => schedules.stop(),
  };
}
