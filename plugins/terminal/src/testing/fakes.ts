import type { ServerMessage } from '@opssight/plugin-terminal-common';
import type {
  OpenSessionResponse,
  TerminalRecording,
} from '@opssight/plugin-terminal-common';
import type { Machine } from '@opssight/plugin-machines-common';
import { makeMachine as makeRegisteredMachine } from '@opssight/plugin-machines-react/testing';
import { fakeApi, maker } from '@opssight/plugin-api-react/testing';
import type { TerminalApi } from '../api';
import type {
  Disposable,
  SocketFactory,
  TerminalScreen,
  WebSocketLike,
} from '../session';

type Listener<T> = (value: T) => void;

function emitter<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    on(listener: Listener<T>): Disposable {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    emit(value: T) {
      listeners.forEach(l => l(value));
    },
    get size() {
      return listeners.size;
    },
  };
}

/**
 * A screen that records what is written to it. `autoRender: false` keeps write
 * callbacks until `render()`, like a terminal that is behind.
 */
export class FakeScreen implements TerminalScreen {
  cols = 120;
  rows = 40;
  readonly written: Array<Uint8Array | string> = [];
  readonly pendingCallbacks: Array<() => void> = [];
  readonly data = emitter<string>();
  readonly binary = emitter<string>();
  readonly resize = emitter<{ cols: number; rows: number }>();
  mounted?: HTMLElement;
  disposed = false;
  selection = '';
  readonly pasted: string[] = [];
  focus = jest.fn();
  fit = jest.fn();

  constructor(private readonly options: { autoRender?: boolean } = {}) {}

  write(data: Uint8Array | string, done?: () => void) {
    this.written.push(data);
    if (!done) return;
    if (this.options.autoRender === false) this.pendingCallbacks.push(done);
    else done();
  }

  /** Draws everything written so far. */
  render(count = this.pendingCallbacks.length) {
    this.pendingCallbacks.splice(0, count).forEach(done => done());
  }

  /** The output bytes written, as text. */
  text(): string {
    const decoder = new TextDecoder();
    return this.written
      .map(chunk => (typeof chunk === 'string' ? chunk : decoder.decode(chunk)))
      .join('');
  }

  onData(listener: (data: string) => void) {
    return this.data.on(listener);
  }
  onBinary(listener: (data: string) => void) {
    return this.binary.on(listener);
  }
  onResize(listener: (size: { cols: number; rows: number }) => void) {
    return this.resize.on(listener);
  }
  mount(container: HTMLElement) {
    this.mounted = container;
  }
  unmount() {
    this.mounted = undefined;
  }
  getSelection() {
    return this.selection;
  }
  paste(text: string) {
    this.pasted.push(text);
  }
  find = jest.fn(() => true);
  clearSearch = jest.fn();
  dispose() {
    this.disposed = true;
  }
}

/** A WebSocket the test plays the server of. */
export class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  binaryType: BinaryType = 'blob';
  readyState = FakeSocket.OPEN;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Array<string | Uint8Array> = [];
  closedWith?: { code?: number; reason?: string };

  constructor(readonly url: string, readonly protocols: string[]) {}

  send(data: string | ArrayBufferLike | ArrayBufferView) {
    this.sent.push(
      typeof data === 'string'
        ? data
        : new Uint8Array(
            ArrayBuffer.isView(data)
              ? data.buffer.slice(
                  data.byteOffset,
                  data.byteOffset + data.byteLength,
                )
              : data,
          ),
    );
  }

  close(code?: number, reason?: string) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The server sends a control message. */
  message(message: ServerMessage) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The server sends terminal output. */
  output(bytes: Uint8Array | string) {
    const data =
      typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    this.onmessage?.({
      data: data.buffer.slice(
        data.byteOffset,
        data.byteOffset + data.byteLength,
      ),
    });
  }

  /** The socket closes, as the browser reports it. */
  drop(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** Control messages the browser sent, parsed. */
  controls(): unknown[] {
    return this.sent
      .filter((m): m is string => typeof m === 'string')
      .map(m => JSON.parse(m));
  }

  /** Keystroke bytes the browser sent, as text. */
  input(): string {
    const decoder = new TextDecoder();
    return this.sent
      .filter((m): m is Uint8Array => typeof m !== 'string')
      .map(m => decoder.decode(m))
      .join('');
  }
}

/** Sockets made so far, newest last. */
export function socketFactory() {
  const sockets: FakeSocket[] = [];
  const create: SocketFactory = (url, protocols) => {
    const socket = new FakeSocket(url, protocols);
    sockets.push(socket);
    return socket as unknown as WebSocketLike;
  };
  return { sockets, create, last: () => sockets[sockets.length - 1] };
}

export function readyMessage(
  overrides: Partial<Extract<ServerMessage, { type: 'ready' }>> = {},
): ServerMessage {
  return {
    type: 'ready',
    sessionId: 's1',
    machine: { id: 'm1', hostname: 'web-1', ip: '10.0.0.1' },
    username: 'deploy',
    fingerprint: 'SHA256:pinned',
    idleTimeoutMs: 1_800_000,
    maxDurationMs: 43_200_000,
    ...overrides,
  };
}

/** web-1 at id m1, its host key pinned by an earlier connection test. */
export function makeMachine(overrides: Partial<Machine> = {}): Machine {
  return makeRegisteredMachine({
    id: 'm1',
    hostKeyFingerprint: 'SHA256:pinned',
    hostPublicKey: null,
    ...overrides,
  });
}

export const makeRecording = maker<TerminalRecording>({
  id: 'r1',
  userRef: 'user:default/alice',
  machineId: 'm1',
  machineHostname: 'web-1',
  machineIp: '10.0.0.1',
  credentialId: 'c1',
  username: 'deploy',
  cols: 80,
  rows: 24,
  startedAt: '2026-03-01T10:00:00.000Z',
  endedAt: '2026-03-01T10:05:30.000Z',
  endReason: 'exit',
  lastEventAt: '2026-03-01T10:05:29.000Z',
  bytesOut: 2048,
  hasInput: false,
});

export const SAMPLE_CAST = [
  JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1772359200 }),
  JSON.stringify([0.5, 'o', '$ ls\r\n']),
  JSON.stringify([1.0, 'o', 'README.md\r\n']),
].join('\n');

/** A TerminalApi whose every method is a jest mock; sessions get ids s1, s2, … */
export const fakeTerminalApi = fakeApi<TerminalApi>(() => {
  let sessions = 0;
  return {
    getSettings: async () => ({
      idleTimeoutMs: 1_800_000,
      idleWarningMs: 60_000,
      maxDurationMs: 43_200_000,
      maxSessionsPerUser: 5,
      recordInput: false,
      retentionDays: 90,
    }),
    openSession: async request => {
      sessions += 1;
      const response: OpenSessionResponse = {
        sessionId: `s${sessions}`,
        streamPath: `/api/terminal/sessions/s${sessions}/stream`,
        machine: { id: request.machineId, hostname: 'web-1', ip: '10.0.0.1' },
        credentialId: request.credentialId ?? 'default-credential',
      };
      return response;
    },
    streamUrl: async path => `ws://localhost:7007${path}`,
    listRecordings: async () => ({ items: [], totalCount: 0 }),
    getRecording: async id => makeRecording({ id }),
    getRecordingCast: async () => SAMPLE_CAST,
  };
});

export const fakeIdentityApi = {
  getCredentials: jest.fn(async () => ({ token: 'the-token' })),
};
