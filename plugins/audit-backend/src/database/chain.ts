import { AuditEntry, AuditJsonValue } from '@opssight/plugin-audit-common';
import { createHash } from 'node:crypto';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal values hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(item => (item === undefined ? null : sortKeys(item)));
  }
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) {
        sorted[key] = sortKeys(item);
      }
    }
    return sorted;
  }
  return value;
}

export type HashedFields = Omit<AuditEntry, 'prevHash' | 'hash'>;

/**
 * sha256 hex of prevHash followed by the entry's fields as JSON in this fixed
 * order. The seq is included, so renumbering rows breaks the chain too.
 */
export function entryHash(prevHash: string, entry: HashedFields): string {
  const fields = [
    ['seq', entry.seq],
    ['time', entry.time],
    ['plugin', entry.plugin],
    ['actor', entry.actor],
    ['action', entry.action],
    ['target', entry.target],
    ['outcome', entry.outcome],
    ['severity', entry.severity],
    ['requestId', entry.requestId],
    ['clientAddress', entry.clientAddress],
    ['details', sortKeys(entry.details) as AuditJsonValue],
  ] as const;
  const json = `{${fields
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',')}}`;
  return createHash('sha256').update(prevHash).update(json).digest('hex');
}
