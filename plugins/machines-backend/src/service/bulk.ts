import {
  BulkRejectedRow,
  describeIssues,
  machineInputSchema,
  ValidMachineInput,
} from '@opssight/plugin-machines-common';
import { InputError } from '@backstage/errors';
import { parse } from 'csv-parse/sync';

/** Lines one import may hold (blank lines and comments included). */
export const MAX_BULK_LINES = 5000;
/** Characters of text one import may hold (1 MiB). */
export const MAX_BULK_TEXT = 1024 * 1024;
/** Rejected rows reported one by one; the rest are only counted. */
export const MAX_REPORTED_REJECTS = 50;
/** How long parsing runs before it yields to other requests, in milliseconds. */
const SLICE_MS = 20;

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
/**
 * The lines of an import, or a 400 naming the `text` field when it is larger
 * than one import may be (checked before any line is parsed).
 */
export function bulkLines(text: string): string[] {
  if (text.length > MAX_BULK_TEXT) {
    throw new InputError(
      `text: is larger than 1 MiB: split the import into several`,
    );
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > MAX_BULK_LINES) {
    throw new InputError(
      `text: has ${lines.length} lines, more than the ${MAX_BULK_LINES} one import may hold: split the import into several`,
    );
  }
  return lines;
}

/**
 * Parses the lines, yielding to the event loop every few hundred lines so a
 * large import does not hold up other requests.
 */
export async function parseBulkText(text: string): Promise<{
  rows: ParsedBulkRow[];
  rejected: BulkRejectedRow[];
}> {
  const rows: ParsedBulkRow[] = [];
  const rejected: BulkRejectedRow[] = [];
  const lines = bulkLines(text);

  let sliceStart = performance.now();
  for (let index = 0; index < lines.length; index++) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise(resolve => setImmediate(resolve));
      sliceStart = performance.now();
    }
    parseLine(lines[index], index + 1);
  }
  return { rows, rejected };

  function parseLine(raw: string, line: number) {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    if (rows.length + rejected.length === 0 && /^"?ip"?\s*[,\s]/i.test(trimmed))
      return;

    let cells: string[];
    try {
      if (!trimmed.includes(',')) {
        cells = trimmed.split(/\s+/);
      } else if (!trimmed.includes('"')) {
        // What the CSV parser would make of a line without quotes, many times faster.
        cells = trimmed.split(',').map(cell => cell.trim());
      } else {
        cells = parse(trimmed, {
          relax_quotes: true,
          trim: true,
        })[0] as string[];
      }
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
  }
}

/**
 * What an import answers about its rejected rows: the first
 * {@link MAX_REPORTED_REJECTS} in line order, and how many there were, so the
 * answer stays small however bad the input.
 */
export function reportRejects(rejected: BulkRejectedRow[]): {
  rejected: BulkRejectedRow[];
  rejectedCount: number;
} {
  const sorted = [...rejected].sort((a, b) => a.line - b.line);
  return {
    rejected: sorted.slice(0, MAX_REPORTED_REJECTS).map(row => ({
      line: row.line,
      // A line is echoed back to find it by, not whole: a few hundred characters do.
      text: clip(row.text),
      reason: clip(row.reason),
    })),
    rejectedCount: rejected.length,
  };
}

function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/[;|]/)
    .map(s => s.trim())
    .filter(Boolean);
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
