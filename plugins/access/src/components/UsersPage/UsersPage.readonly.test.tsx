import { screen, within } from '@testing-library/react';
import { accessUserReadPermission } from '@opssight/plugin-access-common';
import { accessApiRef } from '../../api';
import { fakeAccessApi, makeUser } from '../../testing/fakeAccessApi';
import { renderAsRole } from '@opssight/plugin-api-react/testing';
import { UsersPage } from './UsersPage';

// usePermission caches decisions per module, so each set of permissions gets its own test file.
// No role reads users and changes nothing, so this reader has an answer of its own.
const reader = (name: string) => name === accessUserReadPermission.name;

describe('UsersPage for a reader who may change nothing', () => {
  it('offers no buttons the role cannot use', async () => {
    renderAsRole(<UsersPage />, {
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
      ],
      role: reader,
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
    renderAsRole(<UsersPage />, {
      apis: [[accessApiRef, fakeAccessApi()]],
      role: reader,
    });
    expect(
      await screen.findByText(/your role cannot add any/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add user' }),
    ).not.toBeInTheDocument();
  });
});
