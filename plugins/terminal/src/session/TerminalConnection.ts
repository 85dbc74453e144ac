import type {
  ClientMessage,
  ServerMessage,
} from '@opssight/plugin-terminal-common';
import type { TerminalWriter } from './TerminalScreen';

/** The part of the browser's WebSocket a connection uses (tests pass a fake). */
export type WebSocketLike = Pick<
  WebSocket,
  | 'binaryType'
  | 'readyState'
  | 'onmessage'
  | 'onclose'
  | 'onerror'
  | 'send'
  | 'close'
>;

export type SocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export const browserSocket: SocketFactory = (url, protocols) =>
  new WebSocket(url, protocols);

const OPEN = 1;

/**
 * Client-side flow control, as in xterm.js's flow control guide: output handed
 * to the terminal but not yet drawn is counted; above the high watermark the
 * server is asked to stop reading from the machine, below the low one to go
 * on. `cat` of a huge file then cannot freeze the tab.
 */
export const FLOW_CONTROL = {
  highWatermark: 512 * 1024,
  lowWatermark: 64 * 1024,
} as const;

export interface ConnectionHandlers {
  /** Terminal output goes here. */
  output: TerminalWriter;
  onMessage(message: ServerMessage): void;
  onClose(event: { code: number; reason: string }): void;
}

function isArrayBuffer(data: unknown): data is ArrayBuffer {
  return Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

function parseServerMessage(text: string): ServerMessage | undefined {
  try {
    const message = JSON.parse(text);
    return typeof message?.type === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** One WebSocket of the terminal protocol: bytes both ways, JSON control messages as text. */
export class TerminalConnection {
  private readonly encoder = new TextEncoder();
  private unrendered = 0;
  private paused = false;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly handlers: ConnectionHandlers,
  ) {
    socket.binaryType = 'arraybuffer';
    socket.onmessage = event => this.receive(event.data);
    socket.onclose = event =>
      handlers.onClose({ code: event.code, reason: event.reason });
    // A failed socket also closes, and the close says more.
    socket.onerror = () => {};
  }

  /** Keystrokes: text as UTF-8, or bytes as they are. */
  sendInput(data: string | Uint8Array): void {
    this.sendRaw(typeof data === 'string' ? this.encoder.encode(data) : data);
  }

  resize(cols: number, rows: number): void {
    this.sendControl({ type: 'resize', cols, rows });
  }

  close(): void {
    this.socket.onmessage = null;
    this.socket.onclose = null;
    if (this.socket.readyState <= OPEN) {
      this.socket.close(1000, 'closed by the user');
    }
  }

  /** Bytes written to the terminal that it has not drawn yet. */
  get backlog(): number {
    return this.unrendered;
  }

  private receive(data: unknown) {
    if (typeof data === 'string') {
      const message = parseServerMessage(data);
      if (message) {
        this.handlers.onMessage(message);
      }
      return;
    }
    let bytes: Uint8Array;
    if (isArrayBuffer(data)) {
      bytes = new Uint8Array(data);
    } else if (ArrayBuffer.isView(data)) {
      bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } else {
      return;
    }
    const size = bytes.byteLength;
    this.unrendered += size;
    this.handlers.output.write(bytes, () => {
      this.unrendered -= size;
      if (this.paused && this.unrendered <= FLOW_CONTROL.lowWatermark) {
        this.paused = false;
        this.sendControl({ type: 'resume' });
      }
    });
    if (!this.paused && this.unrendered > FLOW_CONTROL.highWatermark) {
      this.paused = true;
      this.sendControl({ type: 'pause' });
    }
  }

  private sendControl(message: ClientMessage) {
    if (this.socket.readyState === OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  private sendRaw(bytes: Uint8Array) {
    if (this.socket.readyState === OPEN) {
      this.socket.send(bytes);
    }
  }
}
