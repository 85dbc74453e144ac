import { NewAuditEntry } from '../database/AuditStore';

/** An entry for the trail: Ada's machine-create that succeeded, unless overridden. */
export function makeEntry(
  overrides: Partial<NewAuditEntry> = {},
): NewAuditEntry {
  return {
    plugin: 'machines',
    actor: 'user:default/ada',
    action: 'machine-create',
    target: '10.0.0.1',
    outcome: 'succeeded',
    severity: 'medium',
    requestId: 'req-1',
    clientAddress: '192.0.2.10',
    details: { meta: { ip: '10.0.0.1', hostname: 'web-1' } },
    ...overrides,
  };
}
