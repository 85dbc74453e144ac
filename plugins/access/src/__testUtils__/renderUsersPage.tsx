import { mockApis } from '@backstage/frontend-test-utils';
import {
  renderAsRole,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import { accessApiRef } from '../api';
import { UsersPage } from '../components/UsersPage';
import { fakeAccessApi } from '../testing/fakeAccessApi';

/** Renders the users page on `api` for the admin of the list, or for `role`. */
export function renderUsersPage(
  api = fakeAccessApi(),
  role: TestRole = 'admin',
) {
  renderAsRole(<UsersPage />, {
    apis: [
      [accessApiRef, api],
      // Signed in as the admin of the list.
      mockApis.identity({ userEntityRef: 'user:default/admin' }),
    ],
    role,
  });
  return api;
}
