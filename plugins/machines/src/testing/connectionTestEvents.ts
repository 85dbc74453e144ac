import { fetchApiRef } from '@backstage/frontend-plugin-api';
import type { Job, JobEvent, JobTarget } from '@opssight/plugin-jobs-common';
import {
  fakeJobEventsServer,
  type FakeJobEventsResponse,
} from '@opssight/plugin-jobs-react';

/**
 * A test app's fetchApi whose connection test event streams are scripted
 * (one response per stream opened; later ones stay open and silent), and the
 * fake server to send more events on.
 */
export function connectionTestEvents(responses: FakeJobEventsResponse[] = []) {
  const server = fakeJobEventsServer(responses);
  return { server, api: [fetchApiRef, server.fetchApi] as const };
}

/** What the stream of a test that already ended sends. */
export function endedTestEvents(job: Job, targets: JobTarget[]): JobEvent[] {
  return [
    { type: 'job', job },
    { type: 'targets', targets },
    { type: 'end', job },
  ];
}
