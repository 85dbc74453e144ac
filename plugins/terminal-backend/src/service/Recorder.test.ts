import { RecordingChunk, RecordingStore } from '../database/RecordingStore';
import {
  incompleteUtf8Tail,
  jsonEscapedLength,
  Recorder,
  RecorderOptions,
  writeJsonEscaped,
} from './Recorder';

/** A store that keeps what it is given; writes complete when `release` is called, or at once. */
class FakeStore {
  readonly writes: Array<{ chunks: RecordingChunk[]; outputBytes: number }> =
    [];
  hold = false;
  private waiting: Array<() => void> = [];

  async appendChunks(
    _sessionId: string,
    chunks: RecordingChunk[],
    outputBytes: number,
  ): Promise<void> {
    this.writes.push({ chunks, outputBytes });
    if (this.hold) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    }
  }

  release() {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach(resolve => resolve());
  }

  get events(): Array<[number, string, string]> {
    return this.writes
      .flatMap(w => w.chunks)
      .map(c => c.events.toString('utf8'))
      .join('')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
  }

  get output(): string {
    return this.events
      .filter(e => e[1] === 'o')
      .map(e => e[2])
      .join('');
  }
}

function recorder(store: FakeStore, options: Partial<RecorderOptions> = {}) {
  const errors: Error[] = [];
  let written = 0;
  const r = new Recorder(
    store as unknown as RecordingStore,
    'session',
    { flushIntervalMs: 60_000, chunkBytes: 1024, coalesceMs: 10, ...options },
    () => written++,
    error => errors.push(error),
  );
  return { recorder: r, errors, written: () => written };
}

describe('JSON escaping of output bytes', () => {
  const expected = (bytes: Buffer) =>
    JSON.stringify(bytes.toString('utf8')).slice(1, -1);
  const escaped = (bytes: Buffer) => {
    const length = jsonEscapedLength(bytes);
    // Written after something, as into a chunk.
    const target = Buffer.alloc(3 + length);
    expect(writeJsonEscaped(bytes, target, 3)).toBe(target.length);
    return target.subarray(3).toString('utf8');
  };

  it('escapes like JSON.stringify, every ASCII byte and UTF-8 included', () => {
    const ascii = Buffer.from(Array.from({ length: 128 }, (_, i) => i));
    expect(escaped(ascii)).toBe(expected(ascii));
    const text = Buffer.from(
      `\x1b[01;34mdir\x1b[0m "quoted" back\\slash\ttab é✓ 😀 ${'long run without escapes '.repeat(
        4,
      )}\r\n\x07\x00\x7f`,
    );
    expect(escaped(text)).toBe(expected(text));
    const plain = Buffer.from('x'.repeat(1000));
    expect(jsonEscapedLength(plain)).toBe(1000);
    expect(escaped(plain)).toBe(plain.toString());
  });

  it('tells invalid UTF-8 apart', () => {
    expect(jsonEscapedLength(Buffer.from([0x61, 0xff, 0x62]))).toBe(-1);
    expect(jsonEscapedLength(Buffer.from([0xed, 0xa0, 0x80]))).toBe(-1); // a surrogate
  });

  it('finds the start of a character cut at the end', () => {
    const check = Buffer.from('a✓'); // 61 e2 9c 93
    expect(incompleteUtf8Tail(check)).toBe(0);
    expect(incompleteUtf8Tail(check.subarray(0, 3))).toBe(2);
    expect(incompleteUtf8Tail(check.subarray(0, 2))).toBe(1);
    expect(incompleteUtf8Tail(Buffer.from('😀').subarray(0, 3))).toBe(3);
    expect(incompleteUtf8Tail(Buffer.from('é'))).toBe(0);
    expect(incompleteUtf8Tail(Buffer.alloc(0))).toBe(0);
  });
});

describe('Recorder', () => {
  it('records exactly the output, whatever packets it came in', async () => {
    const text = `prompt$ ls\r\n\x1b[01;34mdir\x1b[0m "q" \\ é✓ 😀\r\n${'x'.repeat(
      3000,
    )}\r\n`;
    const bytes = Buffer.from(text);
    // Every cut, so every UTF-8 character is split somewhere.
    for (const size of [1, 2, 3, 5, 7, 64, 4096]) {
      const store = new FakeStore();
      const { recorder: r } = recorder(store);
      for (let i = 0; i < bytes.length; i += size) {
        r.recordOutput(bytes.subarray(i, i + size));
      }
      await r.finish();
      expect(store.output).toBe(text);
      const chunks = store.writes.flatMap(w => w.chunks);
      expect(chunks.map(c => c.seq)).toEqual(chunks.map((_, i) => i));
      // Chunks of about chunkBytes are made as the session runs.
      expect(chunks.length).toBeGreaterThan(size < 1024 ? 2 : 0);
      expect(store.writes.reduce((sum, w) => sum + w.outputBytes, 0)).toBe(
        bytes.length,
      );
      const times = store.events.map(e => e[0]);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('records invalid UTF-8 as a decoder reads it, however it is cut', async () => {
    // Deterministic noise: mostly UTF-8, with broken and cut sequences.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = Array.from({ length: 400 }, () =>
      random() < 0.3
        ? Buffer.from([Math.floor(random() * 256)])
        : Buffer.from(random() < 0.5 ? 'é✓😀' : 'ok\r\n'),
    );
    const bytes = Buffer.concat(pieces);
    const store = new FakeStore();
    const { recorder: r } = recorder(store);
    for (let i = 0; i < bytes.length; ) {
      const size = 1 + Math.floor(random() * 9);
      r.recordOutput(bytes.subarray(i, i + size));
      i += size;
    }
    await r.finish();
    expect(store.output).toBe(bytes.toString('utf8'));
  });

  it('keeps no packet: each is copied into the chunk being made', async () => {
    const store = new FakeStore();
    const { recorder: r } = recorder(store);
    const packet = Buffer.from('first "one"\r\n');
    r.recordOutput(packet);
    packet.fill('?');
    r.recordOutput(Buffer.from('second'));
    await r.finish();
    expect(store.output).toBe('first "one"\r\nsecond');
  });

  it('writes a character cut short at the end as a decoder would', async () => {
    const store = new FakeStore();
    const { recorder: r } = recorder(store);
    r.recordOutput(Buffer.from('ok '));
    r.recordOutput(Buffer.from('✓').subarray(0, 2));
    await r.finish();
    expect(store.output).toBe('ok \ufffd');
  });

  it('keeps other events in their place between output events', async () => {
    const store = new FakeStore();
    const { recorder: r } = recorder(store, { coalesceMs: 60_000 });
    r.recordOutput(Buffer.from('before'));
    r.recordResize(120, 40);
    r.recordInput(Buffer.from('ls\r'));
    r.recordOutput(Buffer.from('after'));
    await r.finish();
    expect(store.events.map(e => [e[1], e[2]])).toEqual([
      ['o', 'before'],
      ['r', '120x40'],
      ['i', 'ls\r'],
      ['o', 'after'],
    ]);
  });

  it('puts every chunk made while a write is under way into the next write, and counts them as backlog', async () => {
    const store = new FakeStore();
    store.hold = true;
    const { recorder: r, written } = recorder(store, { coalesceMs: 0 });
    const packet = Buffer.from('y'.repeat(600));
    for (let i = 0; i < 10; i++) {
      r.recordOutput(packet);
    }
    // The first chunk is being written; the others wait for it.
    expect(store.writes).toHaveLength(1);
    expect(r.backlogBytes).toBeGreaterThan(10 * 600);
    store.release();
    await new Promise(resolve => setImmediate(resolve));
    expect(written()).toBe(1);
    expect(store.writes).toHaveLength(2);
    expect(store.writes[1].chunks.length).toBeGreaterThan(1);
    const finished = r.finish();
    store.hold = false;
    store.release();
    await finished;
    expect(r.backlogBytes).toBe(0);
    expect(store.output).toBe('y'.repeat(6000));
    expect(store.writes.reduce((sum, w) => sum + w.outputBytes, 0)).toBe(6000);
  });

  it('reports a failed write and writes nothing more', async () => {
    const store = new FakeStore();
    const failure = new Error('disk full');
    store.appendChunks = jest.fn().mockRejectedValue(failure);
    const { recorder: r, errors } = recorder(store, { coalesceMs: 0 });
    r.recordOutput(Buffer.from('z'.repeat(2000)));
    r.recordOutput(Buffer.from('z'.repeat(2000)));
    await r.finish();
    expect(errors).toEqual([failure]);
    expect(store.appendChunks).toHaveBeenCalledTimes(1);
  });
});
