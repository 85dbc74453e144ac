import { createApiRef } from '@backstage/frontend-plugin-api';
import type { RunDefaults, Template } from '@opssight/plugin-automation-common';
import type { Job, JobTarget } from '@opssight/plugin-jobs-common';

import type { z } from 'zod';
import type {
  AutomationRun,
  AutomationSummary,
  createProjectSchema,
  FileChange,
  Inventory,
  inventoryInputSchema,
  Project,
  ProjectFile,
  ProjectVersion,
  ResolvedInventoryView,
  RunCell,
  RunResults,
  saveVersionSchema,
  Schedule,
  scheduleInputSchema,
  SyntaxCheck,
  templateInputSchema,
  updateProjectSchema,
} from '@opssight/plugin-automation-common';

/*
 * The automation API's shapes are automation-common's; requests as the
 * browser sends them (defaults left to the server).
 */

/** A page of a list. */
export type Page<T> = { items: T[]; totalCount: number };

export type Paging = { limit?: number; offset?: number };

export type ProjectInput = z.input<typeof createProjectSchema>;
export type ProjectUpdate = z.input<typeof updateProjectSchema>;
export type SaveVersionRequest = z.input<typeof saveVersionSchema>;
export type InventoryInput = z.input<typeof inventoryInputSchema>;
export type TemplateInput = z.input<typeof templateInputSchema>;
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

export type ListTemplatesQuery = Paging & {
  projectId?: string;
  inventoryId?: string;
};

export type RunRequest = {
  answers?: Record<string, unknown>;
  limit?: string[];
};

/** GET /runs/{id}: the job, its hosts, and what it ran. */
export type RunDetails = { job: Job; targets: JobTarget[]; run: AutomationRun };

export type ListRunsQuery = Paging & {
  templateId?: string;
  machineId?: string;
  status?: string;
};

/** The inventory snapshot a run ran with (GET /runs/{id}/inventory). */
export type RunInventory = {
  hosts: Array<{
    name: string;
    address: string;
    port: number;
    user?: string | null;
    machineId: string;
  }>;
  groups?: Record<string, { hosts: string[]; children?: string[] }>;
};

/** A save or a restore: the new version, and its syntax check. */
export type SavedVersion = { version: ProjectVersion; check: SyntaxCheck };

/** A cluster, as an inventory's source names it. */
export type ClusterChoice = { id: string; name: string };

export type {
  AutomationRun,
  AutomationSummary,
  FileChange,
  Inventory,
  Project,
  ProjectFile,
  ProjectVersion,
  ResolvedInventoryView as ResolvedInventory,
  RunCell,
  RunResults,
  Schedule,
  SyntaxCheck,
};
export type { SyntaxProblem } from '@opssight/plugin-automation-common';

/** The automation backend (`/api/automation`), one method per route. */
export interface AutomationApi {
  getRunDefaults(): Promise<RunDefaults>;
  getSummary(): Promise<AutomationSummary>;

  listProjects(query?: Paging): Promise<Page<Project>>;
  getProject(id: string): Promise<Project>;
  createProject(input: ProjectInput): Promise<Project>;
  updateProject(id: string, input: ProjectUpdate): Promise<Project>;
  deleteProject(id: string): Promise<void>;
  listVersions(
    projectId: string,
    query?: Paging,
  ): Promise<Page<ProjectVersion>>;
  getVersionFiles(projectId: string, version: number): Promise<ProjectFile[]>;
  /** The new version, and the syntax check started for it. */
  saveVersion(
    projectId: string,
    request: SaveVersionRequest,
  ): Promise<SavedVersion>;
  restoreVersion(
    projectId: string,
    version: number,
    message?: string,
  ): Promise<SavedVersion>;
  diffVersions(
    projectId: string,
    from: number,
    to: number,
  ): Promise<FileChange[]>;
  listPlaybooks(projectId: string): Promise<string[]>;
  startCheck(projectId: string): Promise<SyntaxCheck>;
  getLatestCheck(projectId: string): Promise<SyntaxCheck | null>;

  listInventories(query?: Paging): Promise<Page<Inventory>>;
  getInventory(id: string): Promise<Inventory>;
  createInventory(input: InventoryInput): Promise<Inventory>;
  updateInventory(id: string, input: InventoryInput): Promise<Inventory>;
  deleteInventory(id: string): Promise<void>;
  getResolvedInventory(id: string): Promise<ResolvedInventoryView>;
  previewInventory(input: InventoryInput): Promise<ResolvedInventoryView>;

  listTemplates(query?: ListTemplatesQuery): Promise<Page<Template>>;
  getTemplate(id: string): Promise<Template>;
  createTemplate(input: TemplateInput): Promise<Template>;
  updateTemplate(id: string, input: TemplateInput): Promise<Template>;
  deleteTemplate(id: string): Promise<void>;

  startRun(templateId: string, request: RunRequest): Promise<RunDetails>;
  listRuns(query?: ListRunsQuery): Promise<Page<AutomationRun>>;
  getRun(id: string): Promise<RunDetails>;
  /** The URL of a run's event stream (SSE), for jobs-react's views; carries no token. */
  runEventsUrl(id: string): Promise<string>;
  getRunResults(id: string): Promise<RunResults>;
  getTaskResult(id: string, host: string, taskId: string): Promise<RunCell>;
  getRunInventory(id: string): Promise<RunInventory>;
  cancelRun(id: string): Promise<void>;
  rerun(id: string, targets: 'failed' | 'all'): Promise<RunDetails>;

  listSchedules(query?: Paging): Promise<Page<Schedule>>;
  getSchedule(id: string): Promise<Schedule>;
  createSchedule(input: ScheduleInput): Promise<Schedule>;
  updateSchedule(id: string, input: ScheduleInput): Promise<Schedule>;
  deleteSchedule(id: string): Promise<void>;
  /** The next five times a cron expression fires in a time zone. */
  previewSchedule(cron: string, timezone: string): Promise<string[]>;

  /** The clusters an inventory may take its hosts from (the clusters plugin's); none without it. */
  listClusters(): Promise<ClusterChoice[]>;
}

export const automationApiRef = createApiRef<AutomationApi>({
  id: 'plugin.automation.api',
});
