import type {
  AutomationRun,
  Inventory,
  Project,
  ProjectVersion,
  RunResults,
  Schedule,
  Template,
} from '@opssight/plugin-automation-common';
import { DEFAULT_TEMPLATE_OPTIONS } from '@opssight/plugin-automation-common';
import type { Job } from '@opssight/plugin-jobs-common';
import { makeJob as makeAnyJob } from '@opssight/plugin-jobs-react';
import { fakeApi, maker } from '@opssight/plugin-api-react/testing';
import type { AutomationApi } from '../api';

export const PROJECT_ID = '00000000-0000-4000-8000-0000000000a1';
export const INVENTORY_ID = '00000000-0000-4000-8000-0000000000b1';
export const TEMPLATE_ID = '00000000-0000-4000-8000-0000000000c1';
export const RUN_ID = '00000000-0000-4000-8000-0000000000d1';
export const SCHEDULE_ID = '00000000-0000-4000-8000-0000000000e1';
export const SSH_KEY_ID = '00000000-0000-4000-8000-0000000000f1';

export const makeProject = maker<Project>({
  id: PROJECT_ID,
  name: 'web servers',
  description: 'nginx and its config',
  source: { kind: 'files' },
  owner: 'user:default/operator',
  latestVersion: 2,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
});

export const makeVersion = maker<ProjectVersion>({
  number: 2,
  author: 'user:default/operator',
  message: 'open port 443',
  fileCount: 2,
  size: 120,
  restoredFrom: null,
  createdAt: '2026-01-01T10:00:00.000Z',
});

export const makeInventory = maker<Inventory>({
  id: INVENTORY_ID,
  name: 'web group',
  description: '',
  source: {
    kind: 'registry',
    groups: ['web'],
    tags: [],
    machineIds: [],
    clusterId: null,
  },
  vars: '',
  groupVars: {},
  hostVars: {},
  owner: 'user:default/operator',
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
});

export const makeTemplate = maker<Template>({
  id: TEMPLATE_ID,
  name: 'deploy web',
  description: '',
  projectId: PROJECT_ID,
  playbook: 'site.yml',
  inventoryId: INVENTORY_ID,
  sshCredentialId: SSH_KEY_ID,
  becomeCredentialId: null,
  vaultCredentialId: null,
  extraVars: '',
  options: DEFAULT_TEMPLATE_OPTIONS,
  survey: [],
  oneAtATime: false,
  owner: 'user:default/operator',
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
});

export const makeSchedule = maker<Schedule>({
  id: SCHEDULE_ID,
  templateId: TEMPLATE_ID,
  name: 'nightly deploy',
  cron: '0 3 * * *',
  timezone: 'UTC',
  enabled: true,
  answers: {},
  catchUp: 'skip',
  owner: 'user:default/operator',
  nextFireAt: '2026-01-02T03:00:00.000Z',
  lastFiredAt: null,
  lastRunId: null,
  lastError: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
});

export const makeRun = maker<AutomationRun>({
  id: RUN_ID,
  templateId: TEMPLATE_ID,
  templateName: 'deploy web',
  projectId: PROJECT_ID,
  projectName: 'web servers',
  source: { kind: 'files', version: 2 },
  playbook: 'site.yml',
  inventoryId: INVENTORY_ID,
  inventoryName: 'web group',
  inventorySha256: 'ab12cd34ef56ab12cd34ef56',
  trigger: 'manual',
  machineIds: [],
  status: 'succeeded',
  createdBy: 'user:default/operator',
  createdAt: '2026-01-01T11:00:00.000Z',
});

export const makeJob = (overrides: Partial<Job> = {}): Job =>
  makeAnyJob({
    id: RUN_ID,
    kind: 'ansible-playbook',
    title: 'deploy web',
    ...overrides,
  });

export const makeResults = maker<RunResults>({
  plays: [{ id: 'p1', name: 'web' }],
  tasks: [
    {
      id: 't1',
      play: 'p1',
      name: 'Gathering Facts',
      action: 'gather_facts',
      path: null,
      handler: false,
    },
    {
      id: 't2',
      play: 'p1',
      name: 'write nginx.conf',
      action: 'template',
      path: 'site.yml:9',
      handler: false,
    },
  ],
  hosts: ['web-1', 'web-2'],
  cells: [
    {
      host: 'web-1',
      task: 't1',
      status: 'ok',
      changed: false,
      durationMs: 800,
      hidden: false,
    },
    {
      host: 'web-1',
      task: 't2',
      status: 'ok',
      changed: true,
      durationMs: 300,
      hidden: false,
    },
    {
      host: 'web-2',
      task: 't1',
      status: 'unreachable',
      changed: false,
      durationMs: 10,
      hidden: false,
    },
  ],
  recap: {
    'web-1': {
      ok: 2,
      changed: 1,
      unreachable: 0,
      failures: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    },
    'web-2': {
      ok: 0,
      changed: 0,
      unreachable: 1,
      failures: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    },
  },
  hostKeyChanged: [],
});

const page = <T>(items: T[]) => ({ items, totalCount: items.length });

/** An automation API answering with one of each thing; every method a jest mock. */
export const fakeAutomationApi = fakeApi<AutomationApi>(() => ({
  getRunDefaults: async () => ({
    forks: 50,
    pipelining: true,
    controlPersistSeconds: 60,
    timeoutSeconds: 3600,
  }),
  getSummary: async () => ({
    recentRuns: [makeRun()],
    nextSchedules: [
      {
        id: SCHEDULE_ID,
        name: 'nightly deploy',
        templateId: TEMPLATE_ID,
        nextFireAt: '2026-01-02T03:00:00.000Z',
      },
    ],
    counts: { succeeded: 3, failed: 1 },
  }),
  listProjects: async () => page([makeProject()]),
  getProject: async () => makeProject(),
  createProject: async () => makeProject(),
  updateProject: async () => makeProject(),
  deleteProject: async () => {},
  listVersions: async () =>
    page([makeVersion(), makeVersion({ number: 1, message: 'first' })]),
  getVersionFiles: async () => [
    { path: 'site.yml', content: '- hosts: all\n  tasks: []\n' },
  ],
  saveVersion: async () => ({
    version: makeVersion({ number: 3 }),
    check: {
      jobId: 'j',
      status: 'queued',
      version: 3,
      commit: null,
      playbooks: [],
      problems: [],
      error: null,
      createdAt: '2026-01-01T10:00:00.000Z',
      finishedAt: null,
    },
  }),
  restoreVersion: async () => ({
    version: makeVersion({ number: 3, restoredFrom: 1 }),
    check: {
      jobId: 'j',
      status: 'queued',
      version: 3,
      commit: null,
      playbooks: [],
      problems: [],
      error: null,
      createdAt: '2026-01-01T10:00:00.000Z',
      finishedAt: null,
    },
  }),
  diffVersions: async () => [],
  listPlaybooks: async () => ['site.yml'],
  startCheck: async () => {
    throw new Error('not in this test');
  },
  getLatestCheck: async () => null,
  listInventories: async () => page([makeInventory()]),
  getInventory: async () => makeInventory(),
  createInventory: async () => makeInventory(),
  updateInventory: async () => makeInventory(),
  deleteInventory: async () => {},
  getResolvedInventory: async () => ({ groups: {}, hosts: [], unready: [] }),
  previewInventory: async () => ({ groups: {}, hosts: [], unready: [] }),
  listTemplates: async () => page([makeTemplate()]),
  getTemplate: async () => makeTemplate(),
  createTemplate: async () => makeTemplate(),
  updateTemplate: async () => makeTemplate(),
  deleteTemplate: async () => {},
  startRun: async () => ({ job: makeJob(), targets: [], run: makeRun() }),
  listRuns: async () => page([makeRun()]),
  getRun: async () => ({ job: makeJob(), targets: [], run: makeRun() }),
  runEventsUrl: async id =>
    `http://localhost:7007/api/automation/runs/${id}/events`,
  getRunResults: async () => makeResults(),
  getTaskResult: async () => ({
    host: 'web-1',
    task: 't2',
    status: 'ok',
    changed: true,
    durationMs: 300,
    hidden: false,
    result: { msg: 'written' },
  }),
  getRunInventory: async () => ({ hosts: [], groups: {} }),
  cancelRun: async () => {},
  rerun: async () => ({
    job: makeJob({ id: 'r2' }),
    targets: [],
    run: makeRun({ id: 'r2' }),
  }),
  listSchedules: async () => page([makeSchedule()]),
  getSchedule: async () => makeSchedule(),
  createSchedule: async () => makeSchedule(),
  updateSchedule: async () => makeSchedule(),
  deleteSchedule: async () => {},
  previewSchedule: async () => [
    '2026-01-02T03:00:00.000Z',
    '2026-01-03T03:00:00.000Z',
  ],
  listClusters: async () => [],
}));
