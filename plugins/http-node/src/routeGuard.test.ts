import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { createRouteGuard } from './routeGuard';

type Entry = {
  eventId: string;
  status: 'initiated' | 'succeeded' | 'failed';
  severity?: string;
  meta?: JsonObject;
  error?: string;
};

/** An auditor that keeps each entry as the guard hands it over. */
function recordingAuditor(): AuditorService & { entries: Entry[] } {
  const entries: Entry[] = [];
  return {
    entries,
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const { eventId, severityLevel: severity, meta } = options;
      entries.push({ eventId, status: 'initiated', severity, meta });
      return {
        async success(params) {
          entries.push({
            eventId,
            status: 'succeeded',
            severity,
            ...(params?.meta ? { meta: params.meta } : {}),
          });
        },
        async fail(params) {
          entries.push({
            eventId,
            status: 'failed',
            severity,
            ...(params.meta ? { meta: params.meta } : {}),
            error: params.error.message,
          });
        },
      };
    },
  };
}

const deployPermission = createPermission({
  name: 'opssight.test.deploy',
  attributes: { action: 'update' },
});

const request = {
  headers: { authorization: mockCredentials.user.header('user:default/ada') },
} as any;

function guardWith(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const auditor = recordingAuditor();
  const guard = createRouteGuard({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions.mock({
      authorize: async requests => requests.map(() => ({ result })),
    }),
    auditor,
  });
  return { guard, entries: auditor.entries };
}

describe('createRouteGuard', () => {
  describe('authorize', () => {
    it('names the caller when the permission is granted, and audits nothing', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.ALLOW);
      const { actor } = await guard.authorize(request, deployPermission);
      expect(actor).toBe('user:default/ada');
      expect(entries).toEqual([]);
    });

    it('refuses with a 403 naming the permission, and writes the denial', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.DENY);
      await expect(guard.authorize(request, deployPermission)).rejects.toThrow(
        new NotAllowedError("Your role does not allow 'opssight.test.deploy'"),
      );
      expect(entries).toEqual([
        {
          eventId: 'permission-denied',
          status: 'initiated',
          severity: 'medium',
          meta: { permission: 'opssight.test.deploy' },
        },
        {
          eventId: 'permission-denied',
          status: 'failed',
          severity: 'medium',
          error: "Your role does not allow 'opssight.test.deploy'",
        },
      ]);
    });
  });

  describe('audited', () => {
    it('records a medium event around the action, with the meta known up front', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.ALLOW);
      const result = await guard.audited(
        request,
        'cluster-delete',
        { id: 'c1' },
        async () => 'deleted',
      );
      expect(result).toBe('deleted');
      expect(entries).toEqual([
        {
          eventId: 'cluster-delete',
          status: 'initiated',
          severity: 'medium',
          meta: { id: 'c1' },
        },
        { eventId: 'cluster-delete', status: 'succeeded', severity: 'medium' },
      ]);
    });

    it('takes the severity the route gives', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.ALLOW);
      await guard.audited(request, 'vault-rotate', {}, async () => 1, {
        severity: 'high',
      });
      expect(entries.map(e => e.severity)).toEqual(['high', 'high']);
    });

    it('records what the action learns on the way with its success', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.ALLOW);
      const meta = { id: 'k1' };
      await guard.audited(request, 'credential-update', meta, async event => {
        event.addMeta({ name: 'deploy key', kind: 'ssh-key' });
        event.addMeta({ replacesSecret: true });
        return 'updated';
      });
      expect(entries).toEqual([
        {
          eventId: 'credential-update',
          status: 'initiated',
          severity: 'medium',
          meta: { id: 'k1' },
        },
        {
          eventId: 'credential-update',
          status: 'succeeded',
          severity: 'medium',
          meta: {
            id: 'k1',
            name: 'deploy key',
            kind: 'ssh-key',
            replacesSecret: true,
          },
        },
      ]);
      // The caller's object is theirs: the guard copies rather than fills it.
      expect(meta).toEqual({ id: 'k1' });
    });

    it('records what the action learned before it failed, and rethrows the failure', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.ALLOW);
      const refusal = new NotAllowedError('a shared credential: admins only');
      await expect(
        guard.audited(request, 'credential-delete', { id: 'k2' }, async e => {
          e.addMeta({ scope: 'shared' });
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      expect(entries[1]).toEqual({
        eventId: 'credential-delete',
        status: 'failed',
        severity: 'medium',
        meta: { id: 'k2', scope: 'shared' },
        error: 'a shared credential: admins only',
      });
    });

    it('records a failure without meta when the action added none', async () => {
      const { guard, entries } = guardWith(AuthorizeResult.ALLOW);
      await expect(
        guard.audited(request, 'machine-create', { name: 'db1' }, async () => {
          throw new Error('duplicate name');
        }),
      ).rejects.toThrow('duplicate name');
      expect(entries[1]).toEqual({
        eventId: 'machine-create',
        status: 'failed',
        severity: 'medium',
        error: 'duplicate name',
      });
    });

    it('does not act when the audit trail cannot be written', async () => {
      const auditor = mockServices.auditor.mock({
        createEvent: async () => {
          throw new Error('trail down');
        },
      });
      const guard = createRouteGuard({
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions.mock(),
        auditor,
      });
      const action = jest.fn(async () => 'done');
      await expect(
        guard.audited(request, 'machine-delete', { id: 'm1' }, action),
      ).rejects.toThrow('trail down');
      expect(action).not.toHaveBeenCalled();
    });
  });
});
