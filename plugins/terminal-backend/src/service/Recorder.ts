import { isUtf8 } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { RecordingChunk, RecordingStore } from '../database/RecordingStore';

export type RecorderOptions = {
  /** Pending events are written at least this often. */
  flushIntervalMs: number;
  /** ...and as soon as this many bytes of event lines are pending. */
  chunkBytes: number;
  /**
   * Output arriving within this long of the event it would follow is added to
   * that event: a flood of SSH packets makes few events, and playback cannot
   * tell the difference.
   */
  coalesceMs: number;
};

export const DEFAULT_RECORDER_OPTIONS: RecorderOptions = {
  flushIntervalMs: 2_000,
  chunkBytes: 1024 * 1024,
  coalesceMs: 10,
};

const OUTPUT_EVENT_END = Buffer.from('"]\n');
/** The least room a chunk is begun with: a quiet session's prompt and keystrokes. */
const MIN_CHUNK_CAPACITY = 4096;

/**
 * Records one session as asciicast v2 events ([seconds, code, data] lines),
 * written to the database in chunks while the session runs: a crash loses at
 * most the last flush interval. The header line is made from the session row
 * when the recording is read.
 *
 * Output is escaped for JSON as bytes, straight into the chunk being made
 * (no string per packet, and no packet kept), and every chunk waiting when a
 * write completes goes in the next write, so a slow database gets fewer,
 * larger writes instead of a growing queue.
 */
export class Recorder {
  private readonly startedAt = performance.now();
  private readonly input = new StringDecoder('utf8');
  /** The start of a UTF-8 character whose other bytes are still to come. */
  private outputCarry: Buffer | undefined;
  /** The chunk being made: event lines as UTF-8, `chunkLength` bytes of it so far. */
  private chunk = Buffer.alloc(0);
  private chunkLength = 0;
  /** Room the next chunk is begun with: about what the last one needed. */
  private nextChunkCapacity = MIN_CHUNK_CAPACITY;
  /** Output bytes in the chunk being made, counted when it is written. */
  private chunkOutputBytes = 0;
  /**
   * When the output event that is still open for more output began; it is
   * the chunk's last line, without its end yet.
   */
  private openOutputAt: number | undefined;
  private seq = 0;
  /** Chunks made and not yet handed to the database, with the output they hold. */
  private queue: RecordingChunk[] = [];
  private queueOutputBytes = 0;
  /** The write under way, if any: one at a time, so chunks land in order. */
  private writing: Promise<void> | undefined;
  /** Bytes in chunks queued or being written. */
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

  /** Bytes waiting for the database: the session slows down while this is high. */
  get backlogBytes(): number {
    return this.backlog + this.chunkLength;
  }

  recordOutput(bytes: Buffer): void {
    this.chunkOutputBytes += bytes.length;
    let data = this.outputCarry
      ? Buffer.concat([this.outputCarry, bytes])
      : bytes;
    const carry = incompleteUtf8Tail(data);
    this.outputCarry =
      carry > 0 ? Buffer.from(data.subarray(data.length - carry)) : undefined;
    if (carry > 0) {
      data = data.subarray(0, data.length - carry);
    }
    if (data.length === 0) {
      return;
    }
    const now = performance.now();
    if (
      this.openOutputAt === undefined ||
      now - this.openOutputAt >= this.options.coalesceMs
    ) {
      this.closeOutput();
      this.writeText(`[${this.seconds(now)},"o","`);
      this.openOutputAt = now;
    }
    const escapedLength = jsonEscapedLength(data);
    if (escapedLength < 0) {
      // Not UTF-8: what a decoder makes of it (U+FFFD for what is wrong).
      this.writeText(JSON.stringify(data.toString('utf8')).slice(1, -1));
    } else {
      this.reserve(escapedLength);
      this.chunkLength =
        escapedLength === data.length
          ? this.chunkLength + data.copy(this.chunk, this.chunkLength)
          : writeJsonEscaped(data, this.chunk, this.chunkLength);
    }
    if (this.chunkLength >= this.options.chunkBytes) {
      this.flush();
    }
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
    if (this.outputCarry) {
      // A character cut short for good: what a decoder makes of it.
      this.event('o', this.outputCarry.toString('utf8'));
      this.outputCarry = undefined;
    }
    this.flush();
    while (this.writing) {
      await this.writing;
    }
  }

  private seconds(now: number): number {
    return Math.round(now - this.startedAt) / 1000;
  }

  /** Ends the open output event, so it takes its place before what comes next. */
  private closeOutput(): void {
    if (this.openOutputAt !== undefined) {
      this.openOutputAt = undefined;
      this.reserve(OUTPUT_EVENT_END.length);
      this.chunkLength += OUTPUT_EVENT_END.copy(this.chunk, this.chunkLength);
    }
  }

  private event(code: 'o' | 'i' | 'r', data: string): void {
    if (data === '') {
      return;
    }
    this.closeOutput();
    this.writeText(
      `${JSON.stringify([this.seconds(performance.now()), code, data])}\n`,
    );
    if (this.chunkLength >= this.options.chunkBytes) {
      this.flush();
    }
  }

  private writeText(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.chunkLength += this.chunk.write(text, this.chunkLength);
  }

  /** Makes room for `bytes` more bytes in the chunk being made. */
  private reserve(bytes: number): void {
    const needed = this.chunkLength + bytes;
    if (needed <= this.chunk.length) {
      return;
    }
    const grown = Buffer.allocUnsafe(
      Math.max(needed, this.nextChunkCapacity, this.chunk.length * 2),
    );
    this.chunk.copy(grown, 0, 0, this.chunkLength);
    this.chunk = grown;
  }

  /** Makes a chunk of the pending events and has it written. */
  private flush(): void {
    this.closeOutput();
    if (this.chunkLength === 0 || this.failed) {
      return;
    }
    const events = this.chunk.subarray(0, this.chunkLength);
    this.queue.push({ seq: this.seq++, events });
    this.queueOutputBytes += this.chunkOutputBytes;
    this.backlog += events.length;
    this.nextChunkCapacity = Math.max(
      MIN_CHUNK_CAPACITY,
      Math.ceil(events.length * 1.25),
    );
    this.chunk = Buffer.alloc(0);
    this.chunkLength = 0;
    this.chunkOutputBytes = 0;
    this.write();
  }

  /** Writes every queued chunk at once, unless a write is under way (it calls again when done). */
  private write(): void {
    if (this.writing || this.queue.length === 0 || this.failed) {
      return;
    }
    const chunks = this.queue;
    const outputBytes = this.queueOutputBytes;
    const bytes = chunks.reduce((sum, c) => sum + c.events.length, 0);
    this.queue = [];
    this.queueOutputBytes = 0;
    this.writing = this.store
      .appendChunks(this.sessionId, chunks, outputBytes)
      .catch(error => {
        this.failed ??= error as Error;
        this.onError(error as Error);
      })
      .finally(() => {
        this.backlog -= bytes;
        this.writing = undefined;
        this.write();
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

/**
 * How many bytes at the end of `bytes` begin a UTF-8 character that is not
 * complete yet (0 to 3): they wait for the next packet, as a string decoder
 * would keep them.
 */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = bytes[n - back];
    if ((byte & 0xc0) !== 0x80) {
      // The last byte that is not a continuation: how long its character is.
      let length = 1;
      if (byte >= 0xf0) length = 4;
      else if (byte >= 0xe0) length = 3;
      else if (byte >= 0xc0) length = 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

/** What each byte grows by in a JSON string: 0 as it is, 1 for `\n` and the like, 5 for `\u001b`. */
const JSON_GROWTH = new Uint8Array(256);
/** The letter after the backslash of the short escapes. */
const JSON_SHORT = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) JSON_GROWTH[byte] = 5;
for (const [byte, letter] of [
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x22, '"'],
  [0x5c, '\\'],
] as const) {
  JSON_GROWTH[byte] = 1;
  JSON_SHORT[byte] = letter.charCodeAt(0);
}
const HEX_DIGITS = Buffer.from('0123456789abcdef');
/** Runs at least this long are copied natively rather than byte by byte. */
const COPY_RUN = 32;

/**
 * The length of `bytes` escaped for a JSON string, as UTF-8 without the
 * quotes, or -1 when they are not UTF-8. With `writeJsonEscaped`, what
 * `JSON.stringify(bytes.toString())` gives, made from the bytes: several
 * times faster for large output, and no string in between.
 */
export function jsonEscapedLength(bytes: Buffer): number {
  if (!isUtf8(bytes)) {
    return -1;
  }
  let length = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    length += JSON_GROWTH[bytes[i]];
  }
  return length;
}

/**
 * Writes UTF-8 `bytes` escaped for a JSON string into `target` at `offset`,
 * which has room for `jsonEscapedLength(bytes)` bytes; returns the offset
 * after them.
 */
export function writeJsonEscaped(
  bytes: Buffer,
  target: Buffer,
  offset: number,
): number {
  const length = bytes.length;
  let o = offset;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i];
    if (JSON_GROWTH[byte] === 0) {
      continue;
    }
    if (i - run >= COPY_RUN) {
      o += bytes.copy(target, o, run, i);
    } else {
      for (let j = run; j < i; j++) target[o++] = bytes[j];
    }
    run = i + 1;
    target[o++] = 0x5c; // backslash
    if (JSON_SHORT[byte] !== 0) {
      target[o++] = JSON_SHORT[byte];
    } else {
      target[o++] = 0x75; // u00XX
      target[o++] = 0x30;
      target[o++] = 0x30;
      target[o++] = HEX_DIGITS[byte >> 4];
      target[o++] = HEX_DIGITS[byte & 0xf];
    }
  }
  return o + bytes.copy(target, o, run, length);
}
