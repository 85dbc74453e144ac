import { machinesApiRef, type MachinesApi } from '@opssight/plugin-machines';
import type { Machine } from '@opssight/plugin-machines-common';
import { vaultApiRef, type VaultApi } from '@opssight/plugin-vault';
import type {
  Credential,
  CredentialListItem,
} from '@opssight/plugin-vault-common';

export function makeMachine(overrides: Partial<Machine> = {}): Machine {
  return {
    id: 'm1',
    ip: '10.0.0.1',
    hostname: 'web-1',
    application: 'shop',
    sshPort: 22,
    sshUser: 'deploy',
    description: '',
    groups: [],
    tags: [],
    owner: 'group:default/platform-team',
    hostKeyFingerprint: 'SHA256:pinned',
    defaultCredentialId: null,
    lastCheck: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const unused = async (): Promise<never> => {
  throw new Error('not used by the terminal');
};

/** The machines API the terminal reads: one machine by id, and a searchable list. */
export function fakeMachinesApi(machines: Machine[]) {
  const api = {
    getMachine: jest.fn(async (id: string) => {
      const machine = machines.find(m => m.id === id);
      if (!machine) throw new Error(`no machine ${id}`);
      return machine;
    }),
    listMachines: jest.fn(async (query: { q?: string } = {}) => {
      const items = machines.filter(
        m => !query.q || m.hostname.includes(query.q) || m.ip.includes(query.q),
      );
      return { items, totalCount: items.length };
    }),
  };
  const full: MachinesApi = {
    ...api,
    createMachine: unused,
    updateMachine: unused,
    deleteMachine: unused,
    forgetHostKey: unused,
    bulkImport: unused,
    listGroups: unused,
    createGroup: unused,
    updateGroup: unused,
    deleteGroup: unused,
    listTags: unused,
    startConnectionTest: unused,
    getConnectionTest: unused,
  };
  return { api, pair: [machinesApiRef, full] as const };
}

export function makeCredential(
  overrides: Partial<Credential> = {},
): Credential {
  return {
    id: 'c-key',
    name: 'deploy key',
    kind: 'ssh-key',
    scope: 'personal',
    owner: 'user:default/alice',
    username: 'deploy',
    keyType: 'ssh-ed25519',
    fingerprint: 'SHA256:key',
    publicKey: 'ssh-ed25519 AAAA',
    description: '',
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A vault that lists `credentials`, as the vault would for the user. */
export function fakeVaultApi(credentials: CredentialListItem[]) {
  const api: VaultApi = {
    listCredentials: jest.fn(async () => credentials),
    getCredential: unused,
    createCredential: unused,
    updateCredential: unused,
    deleteCredential: unused,
  };
  return [vaultApiRef, api] as const;
}
