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

// With `u`, a surrogate pair is one code point: only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * `text` as the database gives it back: a lone UTF-16 surrogate cannot be
 * encoded in UTF-8 and is stored as U+FFFD by both drivers, and PostgreSQL
 * refuses NUL in text, so both become U+FFFD before hashing. Requests parsed
 * by parseInput never carry either; this covers the rest (URLs, headers,
 * other plugins' meta).
 */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** A JSON value with every string and key made {@link storableText}. */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') {
    return storableText(value);
  }
  if (Array.isArray(value)) {
    return value.map(item => (item === undefined ? null : storableJson(item)));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) {
        out[storableText(key)] = storableJson(item);
      }
    }
    return out;
  }
  return value;
}

/**
 * `text` cut to `max` UTF-16 units (with an ellipsis), never between the two
 * halves of a surrogate pair, and made {@link storableText}.
 */
export function clipText(text: string, max: number): string {
  const clean = storableText(text);
  if (clean.length <= max) {
    return clean;
  }
  let end = max - 1;
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  return `${clean.slice(0, end)}…`;
}

export type HashedFields = Omit<AuditEntry, 'prevHash' | 'hash'>;

/**
 * sha256 hex of prevHash followed by the entry's fields as JSON in this fixed
 * order. The seq is included, so renumbering rows breaks the chain too.
 * initiatedSeq and clientRequestId (added later) are hashed when set, so the
 * entries written before them keep their hashes.
 */
export function entryHash(prevHash: string, entry: HashedFields): string {
  const fields: Array<[string, AuditJsonValue]> = [
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
  ];
  if (entry.initiatedSeq !== null && entry.initiatedSeq !== undefined) {
    fields.push(['initiatedSeq', entry.initiatedSeq]);
  }
  if (entry.clientRequestId !== null && entry.clientRequestId !== undefined) {
    fields.push(['clientRequestId', entry.clientRequestId]);
  }
  const json = `{${fields
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',')}}`;
  return createHash('sha256').update(prevHash).update(json).digest('hex');
}
