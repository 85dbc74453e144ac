import { Job, JobEvent, JobTarget } from '@opssight/plugin-jobs-common';
import {
  connectionResultOf,
  ConnectionResult,
} from '@opssight/plugin-machines-common';
import type { Server } from 'node:http';
import request from 'supertest';

/**
 * A finished connection test as its job, targets and the machines' results.
 *
 * @public
 */
export type FinishedConnectionTest = {
  job: Job;
  targets: JobTarget[];
  total: number;
  done: number;
  failed: number;
  results: ConnectionResult[];
  /** The raw event stream and the details' body, e.g. to look for secrets in. */
  responses: string[];
};

/**
 * The events of a Server-Sent Events body, in order.
 *
 * @public
 */
export function parseServerSentEvents(text: string): JobEvent[] {
  return text
    .split('\n\n')
    .map(block => block.split('\n').find(line => line.startsWith('data: ')))
    .flatMap(line => (line ? [JSON.parse(line.slice(6)) as JobEvent] : []));
}

/**
 * Follows a connection test's event stream to its end, as the Machines page
 * does, then reads its per-machine results.
 *
 * @public
 */
export async function followConnectionTest(
  server: Server,
  id: string,
  authorization: string,
): Promise<FinishedConnectionTest> {
  const stream = await request(server)
    .get(`/api/machines/connection-tests/${id}/events`)
    .set('Authorization', authorization)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
  if (stream.status !== 200) {
    throw new Error(
      `the test's events answered ${stream.status}: ${String(stream.body)}`,
    );
  }
  const events = parseServerSentEvents(stream.body as string);
  const end = events.find(e => e.type === 'end');
  if (!end) {
    throw new Error('the event stream closed before the test ended');
  }
  const details = await request(server)
    .get(`/api/machines/connection-tests/${id}`)
    .set('Authorization', authorization);
  const targets = details.body.targets as JobTarget[];
  return {
    job: details.body.job,
    targets,
    ...details.body.job.progress,
    results: targets.flatMap(t => connectionResultOf(t) ?? []),
    responses: [stream.body as string, details.text],
  };
}
