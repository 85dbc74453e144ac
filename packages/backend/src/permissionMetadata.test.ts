/*
 * Every permission an OpsSight -common package declares is registered by its
 * backend plugin, so Backstage's permission tooling (the permission backend's
 * metadata, policies written against the list) sees all of them.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Permission } from '@backstage/plugin-permission-common';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  OPSSIGHT_PLUGIN_IDS,
  startOpsSightBackend,
} from './security/__testUtils__/opsSightTestBackend';

jest.setTimeout(60_000);

const PLUGINS_DIR = resolve(__dirname, '../../../plugins');

/** What `createPermission` makes. */
function isPermissionValue(value: unknown): value is Permission {
  const candidate = value as Partial<Permission> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    (candidate.type === 'basic' || candidate.type === 'resource') &&
    typeof candidate.name === 'string' &&
    typeof candidate.attributes === 'object'
  );
}

/** The permissions each `plugins/<id>-common` package exports, by plugin id. */
function declaredPermissions(): Map<string, Permission[]> {
  const declared = new Map<string, Permission[]>();
  for (const dir of readdirSync(PLUGINS_DIR)) {
    const match = /^(.+)-common$/.exec(dir);
    if (!match) continue;
    // Read from the source as the package exports it, whether or not this backend depends on it.
    const exports: Record<string, unknown> = require(resolve(PLUGINS_DIR, dir));
    const permissions = Object.values(exports).filter(isPermissionValue);
    if (permissions.length) declared.set(match[1], permissions);
  }
  return declared;
}

describe('permission metadata', () => {
  const declared = declaredPermissions();
  let server: Awaited<ReturnType<typeof startOpsSightBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startOpsSightBackend({ roles: {} });
    server = started.server;
    stop = () => started.backend.stop();
  });
  afterAll(() => stop());

  it('finds the -common packages that declare permissions', () => {
    expect([...declared.keys()].sort()).toEqual(
      [...OPSSIGHT_PLUGIN_IDS].sort(),
    );
  });

  it.each(OPSSIGHT_PLUGIN_IDS.map(id => [id]))(
    'the %s plugin registers every permission of its -common package',
    async pluginId => {
      const response = await request(server)
        .get(`/api/${pluginId}/.well-known/backstage/permissions/metadata`)
        .set('Authorization', mockCredentials.service.header());
      expect(response.status).toBe(200);
      const registered = (response.body.permissions as Permission[])
        .map(p => p.name)
        .sort();
      expect(registered).toEqual(
        declared
          .get(pluginId)!
          .map(p => p.name)
          .sort(),
      );
    },
  );
});
