import {
  BulkRejectedRow,
  describeIssues,
  machineInputSchema,
  ValidMachineInput,
} from '@opssight/plugin-machines-common';
import { parse } from 'csv-parse/sync';

export const MAX_BULK_ROWS = 10000;

const COLUMNS = ['ip', 'hostname', 'application', 'groups', 'tags'] as const;

export interface ParsedBulkRow {
  line: number;
  text: string;
  input: ValidMachineInput;
}

/**
 * Reads pasted text or a CSV file, one machine per line:
 * `ip,hostname,application,groups,tags` (groups and tags separated by `;` or `|`).
 * A line without commas may separate its fields with white space instead, so a list
 * copied out of /etc/hosts or a spreadsheet column pair works too. Blank lines and
 * `#` comments are skipped; an optional header line starting with `ip` is ignored.
 */
export function parseBulkText(text: string): {
  rows: ParsedBulkRow[];
  rejected: BulkRejectedRow[];
} {
  const rows: ParsedBulkRow[] = [];
  const rejected: BulkRejectedRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    if (rows.length + rejected.length === 0 && /^"?ip"?\s*[,\s]/i.test(trimmed))
      return;
    if (rows.length + rejected.length >= MAX_BULK_ROWS) {
      rejected.push({
        line,
        text: raw,
        reason: `more than ${MAX_BULK_ROWS} rows in one import`,
      });
      return;
    }

    let cells: string[];
    try {
      cells = trimmed.includes(',')
        ? (parse(trimmed, { relax_quotes: true, trim: true })[0] as string[])
        : trimmed.split(/\s+/);
    } catch (e) {
      rejected.push({
        line,
        text: raw,
        reason: `not valid CSV: ${(e as Error).message}`,
      });
      return;
    }
    if (cells.length > COLUMNS.length) {
      rejected.push({
        line,
        text: raw,
        reason: `expected at most ${COLUMNS.length} columns (${COLUMNS.join(
          ',',
        )}), got ${cells.length}`,
      });
      return;
    }

    const [ip, hostname, application, groups, tags] = cells;
    const result = machineInputSchema.safeParse({
      ip: ip ?? '',
      hostname: hostname ?? '',
      application: application ?? '',
      groups: splitList(groups),
      tags: splitList(tags),
    });
    if (result.success) {
      rows.push({ line, text: raw, input: result.data });
    } else {
      rejected.push({ line, text: raw, reason: describeIssues(result.error) });
    }
  });

  return { rows, rejected };
}

function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/[;|]/)
    .map(s => s.trim())
    .filter(Boolean);
}
