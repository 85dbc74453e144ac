/**
 * The test apps of frontend-test-utils finalize synchronously and cannot wait
 * for permission predicates, so a role-gated page's predicates are checked
 * themselves: `page` is mounted only for holders of `predicate`
 * (`name#action`), and `notForYourRolePage` for everyone else.
 *
 * @public
 */
export function expectRoleGated(
  page: unknown,
  notForYourRolePage: unknown,
  predicate: string,
) {
  const predicateOf = (extension: unknown) =>
    (extension as { if?: unknown }).if;
  const allowed = { permissions: { $contains: predicate } };
  expect(predicateOf(page)).toEqual(allowed);
  expect(predicateOf(notForYourRolePage)).toEqual({ $not: allowed });
}
