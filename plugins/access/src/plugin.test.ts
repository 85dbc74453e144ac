import { expectRoleGated } from '@opssight/plugin-api-react/testing';
import {
  accessPlugin,
  adminsOnlyPage,
  USER_READ_PREDICATE,
  usersPage,
} from './plugin';

describe('accessPlugin', () => {
  it('has the access plugin id', () => {
    expect(accessPlugin.id).toBe('access');
  });

  it('mounts the users page, and so its sidebar entry, only for those who may see users, and explains itself to everyone else', () => {
    expect(USER_READ_PREDICATE).toBe('opssight.access.user.read#read');
    expectRoleGated(usersPage, adminsOnlyPage, USER_READ_PREDICATE);
  });
});
