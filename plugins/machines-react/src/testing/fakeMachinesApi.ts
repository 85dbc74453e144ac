import type { Job, JobTarget } from '@opssight/plugin-jobs-common';
import type {
  ConnectionResult,
  Machine,
  MachineGroup,
} from '@opssight/plugin-machines-common';
import { fakeApi, maker } from '@opssight/plugin-api-react/testing';
import type { MachinesApi } from '../api';

export function makeMachine(overrides: Partial<Machine> = {}): Machine {
  const id = overrides.id ?? '00000000-0000-4000-8000-000000000001';
  return {
    id,
    ip: '10.0.0.1',
    hostname: 'web-1',
    application: 'shop',
    sshPort: 22,
    sshUser: 'deploy',
    description: '',
    groups: [],
    tags: [],
    owner: 'group:default/platform-team',
    hostKeyFingerprint: null,
    hostPublicKey: null,
    defaultCredentialId: null,
    lastCheck: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeResult(
  overrides: Partial<ConnectionResult> = {},
): ConnectionResult {
  return {
    machineId: '00000000-0000-4000-8000-000000000001',
    reachable: true,
    sshOk: true,
    fingerprint: 'SHA256:abc',
    latencyMs: 12,
    errorKind: null,
    message: null,
    checkedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A connection test's job, by default finished with nothing to test. */
export function makeConnectionTestJob(overrides: Partial<Job> = {}): Job {
  const now = new Date().toISOString();
  return {
    id: 'test-1',
    kind: 'connection-test',
    title: 'Connection test of all machines',
    subject: null,
    status: 'succeeded',
    createdBy: 'user:default/guest',
    createdAt: now,
    startedAt: now,
    finishedAt: now,
    cancelRequested: false,
    timeoutMs: 60_000,
    error: null,
    params: { all: true, machineCount: 0 },
    rerunOf: null,
    progress: { total: 0, done: 0, failed: 0 },
    ...overrides,
  };
}

function targetStatus(check: ConnectionResult | null | undefined) {
  if (!check) return 'pending' as const;
  return check.sshOk ? ('succeeded' as const) : ('failed' as const);
}

/**
 * One machine of a connection test as its job target: finished with `result`
 * (its status and kind of failure follow it), or pending without one.
 */
export function makeConnectionTestTarget(
  result: ConnectionResult | { machineId: string },
  overrides: Partial<JobTarget> = {},
): JobTarget {
  const check = 'checkedAt' in result ? result : undefined;
  const kinds = {
    dns: 'connect',
    refused: 'connect',
    protocol: 'connect',
    timeout: 'timeout',
    hostkey: 'hostkey-changed',
    auth: 'auth',
  } as const;
  return {
    key: result.machineId,
    label: result.machineId,
    status: targetStatus(check),
    exitCode: null,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    startedAt: check ? check.checkedAt : null,
    finishedAt: check ? check.checkedAt : null,
    durationMs: check ? 10 : null,
    errorKind: check?.errorKind ? kinds[check.errorKind] : null,
    errorMessage: check?.message ?? null,
    meta: {
      machineId: result.machineId,
      credentialId: null,
      ...(check && { check }),
    },
    ...overrides,
  };
}

export const makeGroup = maker<MachineGroup>({
  id: 'g1',
  name: 'db',
  description: '',
  machineCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** A MachinesApi whose every method is a jest mock, with harmless defaults. */
export const fakeMachinesApi = fakeApi<MachinesApi>(() => ({
  listMachines: async () => ({ items: [], totalCount: 0 }),
  getMachine: async id => makeMachine({ id }),
  createMachine: async input =>
    makeMachine({ ip: input.ip, hostname: input.hostname }),
  updateMachine: async (id, input) =>
    makeMachine({ id, ip: input.ip, hostname: input.hostname }),
  deleteMachine: async () => undefined,
  forgetHostKey: async id => makeMachine({ id }),
  bulkImport: async () => ({ created: [], rejected: [], rejectedCount: 0 }),
  listGroups: async () => [],
  createGroup: async input => makeGroup({ name: input.name }),
  updateGroup: async (id, input) => makeGroup({ id, name: input.name }),
  deleteGroup: async () => undefined,
  listTags: async () => [],
  clustersOfMachine: async () => [],
  removeFromClusters: async () => undefined,
  startConnectionTest: async () => makeConnectionTestJob(),
  getConnectionTest: async () => {
    throw new Error('no test');
  },
  connectionTestEventsUrl: async id =>
    `http://localhost:7007/api/machines/connection-tests/${id}/events`,
}));
