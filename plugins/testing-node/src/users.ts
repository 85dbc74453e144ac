import { Role } from '@opssight/plugin-access-common';
import { randomBytes } from 'node:crypto';

/**
 * The signed-in users of OpsSight's backend tests: Ada the admin, Alice and
 * Bob the operators, Vic the viewer.
 *
 * @public
 */
export const TEST_USERS: Readonly<
  Record<'ada' | 'alice' | 'bob' | 'vic', string>
> = {
  ada: 'user:default/ada',
  alice: 'user:default/alice',
  bob: 'user:default/bob',
  vic: 'user:default/vic',
};

/**
 * The roles of {@link TEST_USERS}, for `rolePermissions`.
 *
 * @public
 */
export const TEST_ROLES: Record<string, Role> = {
  [TEST_USERS.ada]: 'admin',
  [TEST_USERS.alice]: 'operator',
  [TEST_USERS.bob]: 'operator',
  [TEST_USERS.vic]: 'viewer',
};

/**
 * The `vault` config of a test backend with the real vault: one fresh
 * random key, so no development key file is written.
 *
 * @public
 */
export function testVaultConfig() {
  return { keys: [{ id: 'test', secret: randomBytes(32).toString('base64') }] };
}
