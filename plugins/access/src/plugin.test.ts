import {
  accessPlugin,
  adminsOnlyPage,
  USER_READ_PREDICATE,
  usersPage,
} from './plugin';

// The test apps of frontend-test-utils finalize synchronously and cannot wait
// for permission predicates, so the predicates themselves are checked here.
const predicateOf = (extension: unknown) => (extension as { if?: unknown }).if;

describe('accessPlugin', () => {
  it('has the access plugin id', () => {
    expect(accessPlugin.id).toBe('access');
  });

  it('mounts the users page, and so its sidebar entry, only for those who may see users', () => {
    expect(USER_READ_PREDICATE).toBe('opssight.access.user.read#read');
    expect(predicateOf(usersPage)).toEqual({
      permissions: { $contains: 'opssight.access.user.read#read' },
    });
  });

  it('explains itself to everyone else, without a sidebar entry', () => {
    expect(predicateOf(adminsOnlyPage)).toEqual({
      $not: { permissions: { $contains: 'opssight.access.user.read#read' } },
    });
  });
});
