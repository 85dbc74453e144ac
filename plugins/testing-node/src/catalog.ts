import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Polls `check` every 200 ms until it answers something other than
 * `undefined`, and resolves to that; throws once `timeoutMs` have passed.
 *
 * @public
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 200));
  }
}

/**
 * The catalog's settings for a test backend with an entity provider: entities
 * processed every second, and Resource entities allowed from any location.
 *
 * @public
 */
export const catalogTestConfig = {
  processingInterval: { seconds: 1 },
  rules: [{ allow: ['Resource'] }],
};

/**
 * What {@link TestCatalog.waitFor} waits for, and how long.
 *
 * @public
 */
export type TestCatalogWait = {
  until?: (entity: Entity) => boolean;
  timeoutMs?: number;
};

/**
 * The catalog of a test backend as a signed-in user reads it, for tests of
 * what an entity provider publishes. `ref` is `kind/namespace/name`.
 *
 * @public
 */
export type TestCatalog = {
  /** The entity, or `undefined` while the catalog has none by that name. */
  entity(ref: string): Promise<Entity | undefined>;
  /**
   * Waits for the entity (and, with `until`, for it to satisfy `until`);
   * throws after `timeoutMs` (20 s unless said).
   */
  waitFor(ref: string, options?: TestCatalogWait): Promise<Entity>;
  /** Waits until the catalog answers 404 for the entity. */
  waitForGone(
    ref: string,
    options?: Pick<TestCatalogWait, 'timeoutMs'>,
  ): Promise<void>;
};

/** @public */
export function testCatalog(
  server: Server,
  options: { authorization?: string } = {},
): TestCatalog {
  const authorization = options.authorization ?? mockCredentials.user.header();
  const read = async (ref: string) => {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(
      `http://localhost:${port}/api/catalog/entities/by-name/${ref}`,
      { headers: { Authorization: authorization } },
    );
    return { status: response.status, text: await response.text() };
  };
  const entity = async (ref: string) => {
    const { status, text } = await read(ref);
    return status === 200 ? (JSON.parse(text) as Entity) : undefined;
  };
  return {
    entity,
    waitFor: (ref, { until = () => true, timeoutMs } = {}) =>
      eventually(async () => {
        const found = await entity(ref);
        return found && until(found) ? found : undefined;
      }, timeoutMs),
    waitForGone: async (ref, { timeoutMs } = {}) => {
      await eventually(
        async () => ((await read(ref)).status === 404 ? true : undefined),
        timeoutMs,
      );
    },
  };
}

/**
 * Expects the catalog to accept `entity` as a Resource: the policies it
 * applies to every entity it ingests, and the Resource kind's schema.
 *
 * @public
 */
export async function expectAcceptedResource(entity: Entity) {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
    new SchemaValidEntityPolicy(),
  ]);
  await expect(policy.enforce(entity)).resolves.toBeDefined();
  await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
    true,
  );
}
