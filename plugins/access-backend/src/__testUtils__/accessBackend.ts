import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  ACCESS_EVENTS_TOPIC,
  LocalUserChangeEvent,
} from '@opssight/plugin-access-common';
import { Knex } from 'knex';
import request from 'supertest';
import { accessSessionsServiceRef } from '@opssight/plugin-access-node';
import {
  captureLogs,
  recordEvents,
  serviceProbe,
} from '@opssight/plugin-testing-node';
import { accessPlugin } from '../plugin';
import { SignInSessions } from '../service/SignInSessions';
import {
  AccessSessionsHandover,
  accessSessionsServiceFactory,
} from '../services';

export type AuditRecord = {
  eventId: string;
  outcome: 'initiated' | 'succeeded' | 'failed';
  meta: unknown;
  error?: string;
};

/** Everything the backend said: response bodies, log lines, audit events, published events. */
export type Transcript = {
  responses: string[];
  logs: string[];
  audit: AuditRecord[];
  events: LocalUserChangeEvent[];
};

function recorders(transcript: Transcript): BackendFeature[] {
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      transcript.audit.push({ eventId, outcome: 'initiated', meta });
      return {
        success: async () =>
          void transcript.audit.push({ eventId, outcome: 'succeeded', meta }),
        fail: async ({ error }) =>
          void transcript.audit.push({
            eventId,
            outcome: 'failed',
            meta,
            error: error.message,
          }),
      };
    },
  });
  return [
    auditor.factory,
    recordEvents('access', ACCESS_EVENTS_TOPIC, transcript.events),
    captureLogs(transcript.logs, { stacks: false }).factory,
  ];
}

/**
 * The access plugin and its sessions service in a test backend, on `knex`
 * when given (so a test can restart it on the same data), recording
 * everything into the transcript.
 */
export async function startAccessBackend(
  options: {
    knex?: Knex;
    features?: BackendFeature[];
    transcript?: Transcript;
  } = {},
) {
  const transcript = options.transcript ?? {
    responses: [],
    logs: [],
    audit: [],
    events: [],
  };
  let handover: AccessSessionsHandover | undefined;
  const backend = await startTestBackend({
    features: [
      accessPlugin,
      accessSessionsServiceFactory,
      ...recorders(transcript),
      ...(options.knex
        ? [
            mockServices.database.factory({
              knex: options.knex,
              migrations: { skip: false },
            }),
          ]
        : []),
      // The sign-in provider's side of the same sessions.
      serviceProbe('access', accessSessionsServiceRef, service => {
        handover = service as AccessSessionsHandover;
      }),
      ...(options.features ?? []),
    ],
  });
  /** A request whose response body is kept in the transcript. */
  const api = (as: string) => {
    const agent = request(backend.server);
    const wrap =
      (method: 'get' | 'post' | 'put' | 'delete') =>
      async (path: string, body?: object) => {
        let test = agent[method](`/api/access${path}`).set('Authorization', as);
        if (body !== undefined) {
          test = test.send(body);
        }
        const res = await test;
        transcript.responses.push(res.text);
        return res;
      };
    return {
      get: wrap('get'),
      post: wrap('post'),
      put: wrap('put'),
      delete: wrap('delete'),
    };
  };
  const sessions: SignInSessions = await handover!.whenOpen();
  return { backend, transcript, api, sessions };
}
