import {
  renderInTestApp,
  type TestAppOptions,
} from '@backstage/frontend-test-utils';
import { rolePermissionApi, type TestRole } from './fakePermissionApi';

/**
 * What `renderAsRole` takes: `renderInTestApp`'s options, and who looks.
 *
 * @public
 */
export type RenderAsRoleOptions = TestAppOptions & {
  /** Who looks at the page; an admin unless said. */
  role?: TestRole;
};

/**
 * Renders `element` in a test app for a user with `role`: the permission API
 * answers for that role, next to the other `apis`.
 *
 * usePermission caches its answers for a whole test file, so tests of
 * different roles of one page belong in files of their own
 * (`*.viewer.test.tsx`, …).
 *
 * @public
 */
export function renderAsRole(
  element: JSX.Element,
  { role = 'admin', apis = [], ...options }: RenderAsRoleOptions = {},
) {
  return renderInTestApp(element, {
    ...options,
    apis: [...apis, rolePermissionApi(role)],
  });
}
