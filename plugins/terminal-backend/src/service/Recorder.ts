import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { RecordingStore } from '../database/RecordingStore';

export type RecorderOptions = {
  /** Pending events are written at least this often. */
  flushIntervalMs: number;
  /** ...and as soon as this many characters are pending. */
  chunkChars: number;
  /**
   * Output arriving within this long of the event it would follow is added to
   * that event: a flood of SSH packets makes few events, and playback cannot
   * tell the difference.
   */
  coalesceMs: number;
};

export const DEFAULT_RECORDER_OPTIONS: RecorderOptions = {
  flushIntervalMs: 2_000,
  chunkChars: 1024 * 1024,
  coalesceMs: 10,
};

/**
 * Records one session as asciicast v2 events ([seconds, code, data] lines),
 * written to the database in chunks while the session runs: a crash loses at
 * most the last flush interval. The header line is made from the session row
 * when the recording is read.
 */
export class Recorder {
  private readonly startedAt = performance.now();
  private readonly output = new StringDecoder('utf8');
  private readonly input = new StringDecoder('utf8');
  private pending: string[] = [];
  /** The output event still open for more output: its time and its pieces. */
  private openOutput:
    | { seconds: number; at: number; parts: string[] }
    | undefined;
  private pendingChars = 0;
  private pendingOutputBytes = 0;
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();
  /** Characters handed to the database and not yet written. */
  private backlog = 0;
  private failed: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: RecordingStore,
    private readonly sessionId: string,
    private readonly options: RecorderOptions,
    /** Called when a write completes, so a paused stream can go on. */
    private readonly onWritten: () => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** Characters waiting for the database: the session slows down while this is high. */
  get backlogChars(): number {
    return this.backlog + this.pendingChars + this.openOutputChars;
  }

  private openOutputChars = 0;

  recordOutput(bytes: Buffer): void {
    this.pendingOutputBytes += bytes.length;
    const text = this.output.write(bytes);
    if (text === '') {
      return;
    }
    const now = performance.now();
    const open = this.openOutput;
    if (open && now - open.at < this.options.coalesceMs) {
      open.parts.push(text);
      this.openOutputChars += text.length;
      return;
    }
    this.closeOutput();
    this.openOutput = { seconds: this.seconds(now), at: now, parts: [text] };
    this.openOutputChars = text.length;
  }

  recordInput(bytes: Buffer): void {
    this.event('i', this.input.write(bytes));
  }

  recordResize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** Writes what is left and waits for every write. */
  async finish(): Promise<void> {
    clearInterval(this.timer);
    this.closeOutput();
    this.event('o', this.output.end());
    this.flush();
    await this.writing;
  }

  private seconds(now: number): number {
    return Math.round(now - this.startedAt) / 1000;
  }

  /** Ends the open output event, so it takes its place before what comes next. */
  private closeOutput(): void {
    const open = this.openOutput;
    if (open) {
      this.openOutput = undefined;
      this.openOutputChars = 0;
      this.append(open.seconds, 'o', open.parts.join(''));
    }
  }

  private event(code: 'o' | 'i' | 'r', data: string): void {
    if (data === '') {
      return;
    }
    this.closeOutput();
    this.append(this.seconds(performance.now()), code, data);
  }

  private append(seconds: number, code: 'o' | 'i' | 'r', data: string): void {
    const line = `${JSON.stringify([seconds, code, data])}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= this.options.chunkChars) {
      this.flush();
    }
  }

  private flush(): void {
    this.closeOutput();
    if (this.pending.length === 0 || this.failed) {
      return;
    }
    const events = this.pending.join('');
    const outputBytes = this.pendingOutputBytes;
    const seq = this.seq++;
    this.pending = [];
    this.pendingChars = 0;
    this.pendingOutputBytes = 0;
    this.backlog += events.length;
    this.writing = this.writing
      .then(() =>
        this.store.appendChunk(this.sessionId, seq, events, outputBytes),
      )
      .catch(error => {
        this.failed ??= error as Error;
        this.onError(error as Error);
      })
      .finally(() => {
        this.backlog -= events.length;
        this.onWritten();
      });
  }
}

/** The asciicast v2 header of a recording. */
export function asciicastHeader(recording: {
  cols: number;
  rows: number;
  startedAt: string;
  username: string;
  machineHostname: string;
}): string {
  return `${JSON.stringify({
    version: 2,
    width: recording.cols,
    height: recording.rows,
    timestamp: Math.floor(Date.parse(recording.startedAt) / 1000),
    env: { TERM: 'xterm-256color' },
    title: `${recording.username}@${recording.machineHostname}`,
  })}\n`;
}
