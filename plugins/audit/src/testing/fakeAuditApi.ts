import type { AuditAction, AuditEntry } from '@opssight/plugin-audit-common';
import type { AuditApi } from '../api';

export function makeEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq: 1,
    time: '2026-01-31T12:00:00.000Z',
    plugin: 'machines',
    actor: 'user:default/guest',
    action: 'machine-create',
    target: 'web-1',
    outcome: 'succeeded',
    severity: 'medium',
    requestId: '4b1c2d3e-0000-4000-8000-000000000001',
    clientRequestId: null,
    initiatedSeq: null,
    clientAddress: '127.0.0.1',
    details: { meta: { ip: '10.0.0.1' } },
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

/** An action of the folded list: its start entry and, unless running, its outcome entry. */
export function makeAction(
  start: Partial<AuditEntry> = {},
  end: Partial<AuditEntry> | null = { outcome: 'succeeded' },
  target: AuditAction['target'] = null,
): AuditAction {
  const first = makeEntry({ outcome: 'initiated', ...start });
  const last =
    end === null
      ? null
      : makeEntry({
          ...start,
          seq: first.seq + 1,
          initiatedSeq: first.seq,
          outcome: 'succeeded',
          ...end,
        });
  return {
    start: first,
    end: last,
    outcome: last?.outcome ?? first.outcome,
    target: target ?? (first.target ? { text: first.target } : null),
  };
}

/** An AuditApi whose every method is a jest mock, with harmless defaults. */
export function fakeAuditApi(
  overrides: Partial<AuditApi> = {},
): jest.Mocked<AuditApi> {
  const impl: AuditApi = {
    listEntries: async () => ({ items: [], totalCount: 0 }),
    listActions: async () => ({ items: [], totalCount: 0 }),
    listActionNames: async () => [],
    exportEntries: async () => ({
      blob: new Blob(['']),
      filename: 'opssight-audit.jsonl',
    }),
    verifyChain: async () => ({
      ok: true,
      checked: 0,
      broken: [],
      brokenCount: 0,
    }),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(impl).map(([name, method]) => [name, jest.fn(method)]),
  ) as unknown as jest.Mocked<AuditApi>;
}
