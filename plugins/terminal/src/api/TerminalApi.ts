import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ListRecordingsQuery,
  OpenSessionRequest,
  OpenSessionResponse,
  RecordingList,
  TerminalRecording,
  TerminalSettings,
} from '@opssight/plugin-terminal-common';

/** The terminal backend: sessions are opened here, then streamed over a WebSocket. */
export interface TerminalApi {
  getSettings(): Promise<TerminalSettings>;
  /** Checks what can be checked before connecting and hands out a one-use stream ticket. */
  openSession(request: OpenSessionRequest): Promise<OpenSessionResponse>;
  /** The `ws:`/`wss:` URL of a session's stream, on the backend's origin. */
  streamUrl(streamPath: string): Promise<string>;
  listRecordings(query?: ListRecordingsQuery): Promise<RecordingList>;
  getRecording(id: string): Promise<TerminalRecording>;
  /** The recording as an asciicast v2 file. */
  getRecordingCast(id: string): Promise<string>;
}

export const terminalApiRef = createApiRef<TerminalApi>({
  id: 'plugin.terminal.api',
});
