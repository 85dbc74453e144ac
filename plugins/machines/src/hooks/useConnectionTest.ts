import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ConnectionTestRequest,
  ConnectionTestRun,
} from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../api';

export const POLL_INTERVAL_MS = 500;

export interface ConnectionTestState {
  /** The latest snapshot of the current (or last) run. */
  run?: ConnectionTestRun;
  /** What the current run was asked to test. */
  request?: ConnectionTestRequest;
  error?: Error;
  running: boolean;
  /**
   * The credential tests log in with, picked by the user: undefined for each
   * machine's default, null for none (a handshake-only test).
   */
  credentialId: string | null | undefined;
  pickCredential(credentialId: string | null | undefined): void;
  /** Starts a run; the picked credential applies unless the request names one. */
  start(request: ConnectionTestRequest): Promise<void>;
  /** Forget the last run, e.g. when its summary is dismissed. */
  clear(): void;
}

/**
 * Starts a connection test run and polls it until it completes.
 * Starting another run abandons polling of the previous one.
 */
export function useConnectionTest(options?: {
  onFinished?: (run: ConnectionTestRun) => void;
}): ConnectionTestState {
  const api = useApi(machinesApiRef);
  const [run, setRun] = useState<ConnectionTestRun>();
  const [request, setRequest] = useState<ConnectionTestRequest>();
  const [error, setError] = useState<Error>();
  const [credentialId, pickCredential] = useState<string | null>();
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const onFinished = useRef(options?.onFinished);
  onFinished.current = options?.onFinished;

  useEffect(
    () => () => {
      generation.current += 1;
      clearTimeout(timer.current);
    },
    [],
  );

  const start = useCallback(
    async (asked: ConnectionTestRequest) => {
      const next =
        asked.credentialId === undefined && credentialId !== undefined
          ? { ...asked, credentialId }
          : asked;
      const mine = ++generation.current;
      clearTimeout(timer.current);
      setRequest(next);
      setError(undefined);
      setRun(undefined);

      const follow = (current: ConnectionTestRun) => {
        if (mine !== generation.current) return;
        setRun(current);
        if (current.status !== 'running') {
          onFinished.current?.(current);
          return;
        }
        timer.current = setTimeout(async () => {
          try {
            follow(await api.getConnectionTest(current.id));
          } catch (e) {
            if (mine === generation.current) setError(e as Error);
          }
        }, POLL_INTERVAL_MS);
      };

      try {
        follow(await api.startConnectionTest(next));
      } catch (e) {
        if (mine === generation.current) setError(e as Error);
      }
    },
    [api, credentialId],
  );

  const clear = useCallback(() => {
    generation.current += 1;
    clearTimeout(timer.current);
    setRun(undefined);
    setRequest(undefined);
    setError(undefined);
  }, []);

  const running = !error && !!request && (!run || run.status === 'running');
  return {
    run,
    request,
    error,
    running,
    credentialId,
    pickCredential,
    start,
    clear,
  };
}
