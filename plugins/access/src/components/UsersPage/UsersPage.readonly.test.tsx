import { screen, within } from '@testing-library/react';
import { accessUserReadPermission } from '@opssight/plugin-access-common';
import { expectNoButtons } from '@opssight/plugin-api-react/testing';
import { fakeAccessApi, makeUser } from '../../testing/fakeAccessApi';
import { renderUsersPage } from '../../__testUtils__/renderUsersPage';

// usePermission caches decisions per module, so each set of permissions gets its own test file.
// No role reads users and changes nothing, so this reader has an answer of its own.
const reader = (name: string) => name === accessUserReadPermission.name;

describe('UsersPage for a reader who may change nothing', () => {
  it('offers no buttons the role cannot use', async () => {
    renderUsersPage(
      fakeAccessApi({
        listUsers: jest.fn(async () => [
          makeUser({ username: 'jane', role: 'admin' }),
          makeUser({ username: 'joe', disabled: true }),
        ]),
      }),
      reader,
    );
    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('role-chip')).toHaveTextContent('admin');
    expectNoButtons();
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
  });

  it('explains an empty list it cannot add to', async () => {
    renderUsersPage(fakeAccessApi(), reader);
    expect(
      await screen.findByText(/your role cannot add any/),
    ).toBeInTheDocument();
    expectNoButtons(['Add user']);
  });
});
