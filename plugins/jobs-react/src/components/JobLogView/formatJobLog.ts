import type { JobLogChunk, JobTarget } from '@opssight/plugin-jobs-common';
import { ANSI_RESET, normalizeAnsi } from '../../ansi';

/** Labels wider than this are not padded to line up. */
const MAX_PAD = 24;
const GREY = '\x1b[90m';
const RED = '\x1b[31m';
const DEFAULT_FG = '\x1b[39m';

/**
 * Turns log chunks into the text Backstage's LogViewer shows, one chunk at a
 * time, so a growing log costs only its new chunks.
 *
 * With labels (a job of several targets), every line of a target starts with
 * `[label]` (red for stderr) and with every colour reset, so one host's colours
 * never run into another's lines. A chunk that continues a line of the same
 * target and stream extends it; one from elsewhere starts a new line.
 */
export class JobLogFormatter {
  private out = '';
  private source: string | undefined;
  private atLineStart = true;
  private readonly width: number;

  constructor(private readonly labels?: ReadonlyMap<string, string>) {
    let width = 0;
    for (const label of labels?.values() ?? []) {
      width = Math.max(width, Math.min(label.length, MAX_PAD));
    }
    this.width = width;
  }

  get text(): string {
    return this.out;
  }

  append(chunk: JobLogChunk): void {
    const text = normalizeAnsi(chunk.text);
    if (!text) return;
    const source = `${chunk.target ?? ''}\u0000${chunk.stream}`;
    if (!this.atLineStart && source !== this.source) {
      this.out += '\n';
      this.atLineStart = true;
    }
    this.source = source;
    const prefix = this.prefix(chunk);
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const last = i === lines.length - 1;
      if (last && lines[i] === '') break;
      if (this.atLineStart) this.out += prefix;
      this.out += lines[i];
      if (last) {
        this.atLineStart = false;
      } else {
        this.out += '\n';
        this.atLineStart = true;
      }
    }
  }

  private prefix(chunk: JobLogChunk): string {
    if (!this.labels) return '';
    if (chunk.target === null) return ANSI_RESET;
    const label = this.labels.get(chunk.target) ?? chunk.target;
    const colour = chunk.stream === 'stderr' ? RED : GREY;
    const pad = ' '.repeat(Math.max(0, this.width - label.length));
    return `${ANSI_RESET}${colour}[${label}]${DEFAULT_FG}${pad} `;
  }
}

/** The labels to prefix lines with: none for a job of one target. */
export function logLabels(
  targets: readonly JobTarget[],
): ReadonlyMap<string, string> | undefined {
  if (targets.length < 2) return undefined;
  return new Map(targets.map(t => [t.key, t.label]));
}

/**
 * A whole job log as text for Backstage's LogViewer: ANSI colours it
 * understands, and `[label]` before each target's lines when there are
 * several targets.
 *
 * @public
 */
export function formatJobLog(
  chunks: readonly JobLogChunk[],
  targets: readonly JobTarget[] = [],
): string {
  const formatter = new JobLogFormatter(logLabels(targets));
  for (const chunk of chunks) formatter.append(chunk);
  return formatter.text;
}
