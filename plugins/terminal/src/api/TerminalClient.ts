import {
  createApiFetcher,
  type ApiClientOptions,
  type ApiFetcher,
} from '@opssight/plugin-api-react';
import type {
  ListRecordingsQuery,
  OpenSessionRequest,
  OpenSessionResponse,
  RecordingList,
  TerminalRecording,
  TerminalSettings,
} from '@opssight/plugin-terminal-common';
import type { TerminalApi } from './TerminalApi';

/** The only place that knows the terminal backend's URLs. */
export class TerminalClient implements TerminalApi {
  private readonly api: ApiFetcher;

  constructor(options: ApiClientOptions) {
    this.api = createApiFetcher({ ...options, pluginId: 'terminal' });
  }

  getSettings(): Promise<TerminalSettings> {
    return this.api.json('/settings');
  }

  openSession(request: OpenSessionRequest): Promise<OpenSessionResponse> {
    return this.api.json('/sessions', { method: 'POST', body: request });
  }

  async streamUrl(streamPath: string): Promise<string> {
    const base = new URL(await this.api.baseUrl());
    const protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${protocol}//${base.host}${streamPath}`;
  }

  listRecordings(query: ListRecordingsQuery = {}): Promise<RecordingList> {
    return this.api.json('/recordings', { query });
  }

  getRecording(id: string): Promise<TerminalRecording> {
    return this.api.json(`/recordings/${enc(id)}`);
  }

  getRecordingCast(id: string): Promise<string> {
    return this.api.text(`/recordings/${enc(id)}/cast`);
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
