import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  isFinalJobStatus,
  type Job,
  type JobTarget,
} from '@opssight/plugin-jobs-common';
import { useJobEvents } from '@opssight/plugin-jobs-react';
import {
  connectionResultOf,
  type ConnectionResult,
  type ConnectionTestRequest,
} from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../api';

export interface ConnectionTestState {
  /** The current (or last) test's job, live from its event stream. */
  job?: Job;
  /** One per machine of the test, live. */
  targets: JobTarget[];
  /** The results of the machines tested so far, by machine id. */
  results: Map<string, ConnectionResult>;
  /** What the current test was asked to test. */
  request?: ConnectionTestRequest;
  error?: Error;
  /** From the click until the job ended. */
  running: boolean;
  /** The machines under test right now (their targets are running). */
  testing: Set<string>;
  /**
   * The credential tests log in with, picked by the user: undefined for each
   * machine's default, null for none (a handshake-only test).
   */
  credentialId: string | null | undefined;
  pickCredential(credentialId: string | null | undefined): void;
  /** Starts a test; the picked credential applies unless the request names one. */
  start(request: ConnectionTestRequest): Promise<void>;
  /** Forget the last test, e.g. when its summary is dismissed. */
  clear(): void;
}

/**
 * Starts a connection test (a job of the machines backend) and follows its
 * event stream until it ends. Starting another test stops following the
 * previous one.
 */
export function useConnectionTest(options?: {
  onFinished?: (job: Job) => void;
}): ConnectionTestState {
  const api = useApi(machinesApiRef);
  const [request, setRequest] = useState<ConnectionTestRequest>();
  const [started, setStarted] = useState<{ job: Job; eventsUrl: string }>();
  const [startError, setStartError] = useState<Error>();
  const [credentialId, pickCredential] = useState<string | null>();
  const generation = useRef(0);
  const onFinished = useRef(options?.onFinished);
  onFinished.current = options?.onFinished;

  const events = useJobEvents(started?.eventsUrl);

  useEffect(
    () => () => {
      generation.current += 1;
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
      setRequest(next);
      setStartError(undefined);
      setStarted(undefined);
      try {
        const job = await api.startConnectionTest(next);
        const eventsUrl = await api.connectionTestEventsUrl(job.id);
        if (mine === generation.current) setStarted({ job, eventsUrl });
      } catch (e) {
        if (mine === generation.current) setStartError(e as Error);
      }
    },
    [api, credentialId],
  );

  const clear = useCallback(() => {
    generation.current += 1;
    setStarted(undefined);
    setRequest(undefined);
    setStartError(undefined);
  }, []);

  const job = events.job ?? started?.job;
  const ended = events.ended || (!!job && isFinalJobStatus(job.status));

  // Once per test, when its stream says it ended.
  const finished = useRef<string>();
  useEffect(() => {
    if (events.ended && events.job && finished.current !== events.job.id) {
      finished.current = events.job.id;
      onFinished.current?.(events.job);
    }
  }, [events.ended, events.job]);

  const { targets } = events;
  const results = useMemo(
    () =>
      new Map(
        targets.flatMap(target => {
          const result = connectionResultOf(target);
          return result ? [[target.key, result] as const] : [];
        }),
      ),
    [targets],
  );
  const testing = useMemo(
    () =>
      new Set(
        targets
          .filter(t => t.status === 'pending' || t.status === 'running')
          .map(t => t.key),
      ),
    [targets],
  );

  const error = startError ?? events.error;
  const running = !error && !!request && !ended;
  return {
    job,
    targets,
    results,
    request,
    error,
    running,
    testing,
    credentialId,
    pickCredential,
    start,
    clear,
  };
}
