import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { toResponseError } from '@opssight/plugin-api-react';
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
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getSettings(): Promise<TerminalSettings> {
    return this.json('/settings');
  }

  openSession(request: OpenSessionRequest): Promise<OpenSessionResponse> {
    return this.json('/sessions', { method: 'POST', body: request });
  }

  async streamUrl(streamPath: string): Promise<string> {
    const base = new URL(await this.baseUrl());
    const protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${protocol}//${base.host}${streamPath}`;
  }

  listRecordings(query: ListRecordingsQuery = {}): Promise<RecordingList> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.json(`/recordings${search ? `?${search}` : ''}`);
  }

  getRecording(id: string): Promise<TerminalRecording> {
    return this.json(`/recordings/${enc(id)}`);
  }

  async getRecordingCast(id: string): Promise<string> {
    const response = await this.fetch(`/recordings/${enc(id)}/cast`);
    return response.text();
  }

  private baseUrl() {
    return this.discoveryApi.getBaseUrl('terminal');
  }

  private async fetch(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<Response> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}`,
      {
        method: options.method ?? 'GET',
        ...(options.body !== undefined && {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(options.body),
        }),
      },
    );
    if (!response.ok) {
      throw await toResponseError(response);
    }
    return response;
  }

  private async json<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    return (await (await this.fetch(path, options)).json()) as T;
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
