import {
  createApiFetcher,
  errorStatus,
  PluginApiClient,
  recordPath,
} from '@opssight/plugin-api-react';
import type { RunDefaults, Template } from '@opssight/plugin-automation-common';
import type {
  AutomationApi,
  AutomationSummary,
  ClusterChoice,
  FileChange,
  Inventory,
  InventoryInput,
  ListRunsQuery,
  ListTemplatesQuery,
  Page,
  Paging,
  Project,
  ProjectFile,
  ProjectInput,
  ProjectVersion,
  SavedVersion,
  ProjectUpdate,
  ResolvedInventory,
  AutomationRun,
  RunDetails,
  RunInventory,
  RunCell,
  RunRequest,
  RunResults,
  SaveVersionRequest,
  Schedule,
  ScheduleInput,
  SyntaxCheck,
  TemplateInput,
} from './AutomationApi';

/** The only place that knows the automation backend's URLs. */
export class AutomationClient extends PluginApiClient implements AutomationApi {
  protected readonly pluginId = 'automation';
  private readonly projects = this.records<
    Project,
    ProjectInput,
    ProjectUpdate
  >('/projects');
  private readonly inventories = this.records<Inventory, InventoryInput>(
    '/inventories',
  );
  private readonly templates = this.records<Template, TemplateInput>(
    '/templates',
  );
  private readonly schedules = this.records<Schedule, ScheduleInput>(
    '/schedules',
  );

  getRunDefaults(): Promise<RunDefaults> {
    return this.api.json('/defaults');
  }

  getSummary(): Promise<AutomationSummary> {
    return this.api.json('/summary');
  }

  listProjects(query: Paging = {}): Promise<Page<Project>> {
    return this.api.json('/projects', { query });
  }

  readonly getProject = this.projects.get;
  readonly createProject = this.projects.create;
  readonly updateProject = this.projects.update;
  readonly deleteProject = this.projects.remove;

  listVersions(
    projectId: string,
    query: Paging = {},
  ): Promise<Page<ProjectVersion>> {
    return this.api.json(`${project(projectId)}/versions`, { query });
  }

  async getVersionFiles(
    projectId: string,
    version: number,
  ): Promise<ProjectFile[]> {
    const { files } = await this.api.json<{ files: ProjectFile[] }>(
      `${project(projectId)}/versions/${version}/files`,
    );
    return files;
  }

  saveVersion(
    projectId: string,
    request: SaveVersionRequest,
  ): Promise<SavedVersion> {
    return this.api.json(`${project(projectId)}/versions`, {
      method: 'POST',
      body: request,
    });
  }

  restoreVersion(
    projectId: string,
    version: number,
    message?: string,
  ): Promise<SavedVersion> {
    return this.api.json(`${project(projectId)}/versions/${version}/restore`, {
      method: 'POST',
      body: message ? { message } : {},
    });
  }

  async diffVersions(
    projectId: string,
    from: number,
    to: number,
  ): Promise<FileChange[]> {
    const { changes } = await this.api.json<{ changes: FileChange[] }>(
      `${project(projectId)}/diff`,
      { query: { from, to } },
    );
    return changes;
  }

  async listPlaybooks(projectId: string): Promise<string[]> {
    const { items } = await this.api.json<{ items: string[] }>(
      `${project(projectId)}/playbooks`,
    );
    return items;
  }

  startCheck(projectId: string): Promise<SyntaxCheck> {
    return this.api.json(`${project(projectId)}/checks`, { method: 'POST' });
  }

  async getLatestCheck(projectId: string): Promise<SyntaxCheck | null> {
    try {
      return await this.api.json<SyntaxCheck>(
        `${project(projectId)}/checks/latest`,
      );
    } catch (error) {
      // Not checked yet.
      if (errorStatus(error) === 404) return null;
      throw error;
    }
  }

  listInventories(query: Paging = {}): Promise<Page<Inventory>> {
    return this.api.json('/inventories', { query });
  }

  readonly getInventory = this.inventories.get;
  readonly createInventory = this.inventories.create;
  readonly updateInventory = this.inventories.update;
  readonly deleteInventory = this.inventories.remove;

  getResolvedInventory(id: string): Promise<ResolvedInventory> {
    return this.api.json(`${recordPath('/inventories', id)}/resolved`);
  }

  previewInventory(input: InventoryInput): Promise<ResolvedInventory> {
    return this.api.json('/inventories/preview', {
      method: 'POST',
      body: input,
    });
  }

  listTemplates(query: ListTemplatesQuery = {}): Promise<Page<Template>> {
    return this.api.json('/templates', { query });
  }

  readonly getTemplate = this.templates.get;
  readonly createTemplate = this.templates.create;
  readonly updateTemplate = this.templates.update;
  readonly deleteTemplate = this.templates.remove;

  startRun(templateId: string, request: RunRequest): Promise<RunDetails> {
    return this.api.json(`${recordPath('/templates', templateId)}/runs`, {
      method: 'POST',
      body: request,
    });
  }

  listRuns(query: ListRunsQuery = {}): Promise<Page<AutomationRun>> {
    return this.api.json('/runs', { query });
  }

  getRun(id: string): Promise<RunDetails> {
    return this.api.json(run(id));
  }

  async runEventsUrl(id: string): Promise<string> {
    return `${await this.api.baseUrl()}${run(id)}/events`;
  }

  getRunResults(id: string): Promise<RunResults> {
    return this.api.json(`${run(id)}/results`);
  }

  getTaskResult(id: string, host: string, taskId: string): Promise<RunCell> {
    return this.api.json(
      `${run(id)}/results/${encodeURIComponent(host)}/${encodeURIComponent(
        taskId,
      )}`,
    );
  }

  async getRunInventory(id: string): Promise<RunInventory> {
    const { inventory } = await this.api.json<{ inventory: RunInventory }>(
      `${run(id)}/inventory`,
    );
    return inventory;
  }

  cancelRun(id: string): Promise<void> {
    return this.api.noContent(`${run(id)}/cancel`, { method: 'POST' });
  }

  rerun(id: string, targets: 'failed' | 'all'): Promise<RunDetails> {
    return this.api.json(`${run(id)}/rerun`, {
      method: 'POST',
      body: { targets },
    });
  }

  listSchedules(query: Paging = {}): Promise<Page<Schedule>> {
    return this.api.json('/schedules', { query });
  }

  readonly getSchedule = this.schedules.get;
  readonly createSchedule = this.schedules.create;
  readonly updateSchedule = this.schedules.update;
  readonly deleteSchedule = this.schedules.remove;

  async previewSchedule(cron: string, timezone: string): Promise<string[]> {
    const { next } = await this.api.json<{ next: string[] }>(
      '/schedules/preview',
      { method: 'POST', body: { cron, timezone } },
    );
    return next;
  }

  async listClusters(): Promise<ClusterChoice[]> {
    const clusters = createApiFetcher({
      ...this.options,
      pluginId: 'clusters',
    });
    try {
      const { items } = await clusters.json<{ items: ClusterChoice[] }>(
        '/clusters',
        { query: { limit: 500 } },
      );
      return items.map(({ id, name }) => ({ id, name }));
    } catch (error) {
      // An app without the clusters plugin: no cluster to offer.
      if (errorStatus(error) === 404) return [];
      throw error;
    }
  }
}

function project(id: string) {
  return recordPath('/projects', id);
}

function run(id: string) {
  return recordPath('/runs', id);
}
