import { createApiRef, type IdentityApi } from '@backstage/frontend-plugin-api';
import type { TerminalApi } from '../api/TerminalApi';
import { browserSocket, type SocketFactory } from './TerminalConnection';
import {
  TerminalSession,
  type SessionMachine,
  type SessionSnapshot,
} from './TerminalSession';

export interface TerminalSessionsSnapshot {
  sessions: SessionSnapshot[];
  /** The tab in front. */
  selectedKey?: string;
}

/**
 * The open terminal tabs of this browser tab. An app-wide API rather than page
 * state, so the shells survive a visit to another page (a machine's, the
 * recordings) and the tabs are all still there on coming back.
 */
export class TerminalSessions {
  private sessions: TerminalSession[] = [];
  private selectedKey?: string;
  private current: TerminalSessionsSnapshot = { sessions: [] };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribes = new Map<string, () => void>();
  private nextKey = 1;
  private readonly deps: ConstructorParameters<typeof TerminalSession>[0];

  constructor(options: {
    terminalApi: Pick<TerminalApi, 'openSession' | 'streamUrl' | 'getSettings'>;
    identityApi: Pick<IdentityApi, 'getCredentials'>;
    createSocket?: SocketFactory;
    now?: () => number;
  }) {
    this.deps = {
      terminalApi: options.terminalApi,
      identityApi: options.identityApi,
      createSocket: options.createSocket ?? browserSocket,
      now: options.now ?? (() => Date.now()),
    };
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** For useSyncExternalStore: the same object until something changes. */
  getSnapshot = (): TerminalSessionsSnapshot => this.current;

  get(key: string): TerminalSession | undefined {
    return this.sessions.find(s => s.snapshot.key === key);
  }

  /** A new tab, in front, connecting. */
  open(target: {
    machine: SessionMachine;
    credentialId?: string;
  }): TerminalSession {
    const key = `terminal-${this.nextKey++}`;
    const session = new TerminalSession(this.deps, { key, ...target });
    this.sessions = [...this.sessions, session];
    this.selectedKey = key;
    this.unsubscribes.set(
      key,
      session.subscribe(() => this.refresh()),
    );
    this.refresh();
    // After the page has shown the new tab, whose screen then has its size.
    setTimeout(() => void session.connect(), 0);
    return session;
  }

  reconnect(key: string): void {
    void this.get(key)?.connect();
  }

  select(key: string): void {
    if (this.get(key) && key !== this.selectedKey) {
      this.selectedKey = key;
      this.refresh();
    }
  }

  /** Ends the tab's session and removes the tab; the neighbour comes to the front. */
  close(key: string): void {
    const index = this.sessions.findIndex(s => s.snapshot.key === key);
    if (index < 0) return;
    this.unsubscribes.get(key)?.();
    this.unsubscribes.delete(key);
    this.sessions[index].close();
    this.sessions = this.sessions.filter((_, i) => i !== index);
    if (this.selectedKey === key) {
      this.selectedKey =
        this.sessions[Math.min(index, this.sessions.length - 1)]?.snapshot.key;
    }
    this.refresh();
  }

  private refresh() {
    this.current = {
      sessions: this.sessions.map(s => s.snapshot),
      selectedKey: this.selectedKey,
    };
    this.listeners.forEach(listener => listener());
  }
}

export const terminalSessionsApiRef = createApiRef<TerminalSessions>({
  id: 'plugin.terminal.sessions',
});
