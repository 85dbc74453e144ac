import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { accessUserReadPermission } from '@opssight/plugin-access-common';
import { accessApiRef } from '../../api';
import { fakeAccessApi, makeUser } from '../../testing/fakeAccessApi';
import { fakePermissionApi } from '@opssight/plugin-api-react/testing';
import { UsersPage } from './UsersPage';

// usePermission caches decisions per module, so each set of permissions gets its own test file.
describe('UsersPage for a reader who may change nothing', () => {
  it('offers no buttons the role cannot use', async () => {
    renderInTestApp(<UsersPage />, {
      apis: [
        [
          accessApiRef,
          fakeAccessApi({
            listUsers: jest.fn(async () => [
              makeUser({ username: 'jane', role: 'admin' }),
              makeUser({ username: 'joe', disabled: true }),
            ]),
          }),
        ],
        fakePermissionApi(name => name === accessUserReadPermission.name),
      ],
    });
    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('role-chip')).toHaveTextContent('admin');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
  });

  it('explains an empty list it cannot add to', async () => {
    renderInTestApp(<UsersPage />, {
      apis: [
        [accessApiRef, fakeAccessApi()],
        fakePermissionApi(name => name === accessUserReadPermission.name),
      ],
    });
    expect(
      await screen.findByText(/your role cannot add any/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add user' }),
    ).not.toBeInTheDocument();
  });
});
