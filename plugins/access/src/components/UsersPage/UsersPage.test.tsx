import { screen, waitFor, within } from '@testing-library/react';
import { fakeAccessApi, makeUser } from '../../testing/fakeAccessApi';
import {
  apiError,
  failingWith,
  hoursAgo,
  openDialog,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import { renderUsersPage as renderPage } from '../../__testUtils__/renderUsersPage';

jest.setTimeout(20_000);

const admin = makeUser({
  username: 'admin',
  displayName: 'Ada Admin',
  email: 'ada@example.com',
  role: 'admin',
  lastSignInAt: hoursAgo(2),
});
const bob = makeUser({
  username: 'bob',
  displayName: 'Bob',
  role: 'operator',
  mustChangePassword: true,
});
const carol = makeUser({ username: 'carol', role: 'viewer', disabled: true });

const withUsers = (overrides = {}) =>
  fakeAccessApi({
    listUsers: jest.fn(async () => [admin, bob, carol]),
    ...overrides,
  });

const row = async (username: string) =>
  within(
    (await screen.findAllByTestId('user-row')).find(
      r => r.dataset.username === username,
    )!,
  );

describe('UsersPage', () => {
  // MUI prefixes its class names in Backstage apps (v5-MuiChip-…): match the ending.
  it('lists the accounts with their role and status chips', async () => {
    renderPage(withUsers());
    const rows = await screen.findAllByTestId('user-row');
    expect(rows.map(r => r.dataset.username)).toEqual([
      'admin',
      'bob',
      'carol',
    ]);
    expect(screen.getByTestId('users-count')).toHaveTextContent('3 users');

    const ada = within(rows[0]);
    expect(ada.getByText('Ada Admin')).toBeInTheDocument();
    expect(ada.getByText('ada@example.com')).toBeInTheDocument();
    expect(ada.getByText('2 h ago')).toBeInTheDocument();
    expect(ada.getByTestId('role-chip')).toHaveTextContent('admin');
    expect(ada.getByTestId('role-chip').className).toMatch(
      /MuiChip-colorSecondary\b/,
    );
    expect(ada.getByTestId('status-chip')).toHaveTextContent('active');

    const b = within(rows[1]);
    expect(b.getByTestId('role-chip')).toHaveTextContent('operator');
    expect(b.getByTestId('role-chip').className).toMatch(
      /MuiChip-colorPrimary\b/,
    );
    expect(b.getAllByTestId('status-chip').map(c => c.textContent)).toEqual([
      'active',
      'must change password',
    ]);
    expect(b.getByText('never')).toBeInTheDocument();

    const c = within(rows[2]);
    expect(c.getByTestId('role-chip')).toHaveTextContent('viewer');
    expect(c.getByTestId('status-chip')).toHaveTextContent('disabled');
    expect(c.getByTestId('status-chip').className).toMatch(
      /MuiChip-colorError\b/,
    );
    // A disabled account is enabled, not disabled again.
    expect(c.getByRole('button', { name: 'Enable carol' })).toBeInTheDocument();
    expect(
      c.queryByRole('button', { name: 'Disable carol' }),
    ).not.toBeInTheDocument();
  });

  it('adds a user with an initial password, then reloads', async () => {
    const listUsers = jest
      .fn()
      .mockResolvedValueOnce([admin])
      .mockResolvedValue([admin, bob]);
    const api = renderPage(fakeAccessApi({ listUsers }));
    const dialog = await openDialog('Add user');
    expect(
      dialog.getByText(/must choose their own password at first sign-in/),
    ).toBeInTheDocument();
    await userEvent.type(
      dialog.getByRole('textbox', { name: /Username/ }),
      ' Bob ',
    );
    await userEvent.type(
      dialog.getByRole('textbox', { name: /Display name/ }),
      'Bob',
    );
    await userEvent.click(dialog.getByRole('combobox', { name: /Role/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: /operator/ }),
    );
    const password = dialog.getByLabelText(/Initial password/);
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveAttribute('autocomplete', 'new-password');
    await userEvent.type(password, 'correct horse battery');
    await userEvent.click(dialog.getByRole('button', { name: 'Add user' }));

    await waitFor(() =>
      expect(api.createUser).toHaveBeenCalledWith({
        username: 'bob',
        displayName: 'Bob',
        role: 'operator',
        password: 'correct horse battery',
      }),
    );
    expect(
      await screen.findByText(
        'Added bob: they must change the password at first sign-in',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('dialog', { name: 'Add user' }),
    ).not.toBeInTheDocument();
    expect(await screen.findAllByTestId('user-row')).toHaveLength(2);
  });

  it("shows the server's 400 on the field it names, and a conflict on the username", async () => {
    const createUser = jest
      .fn()
      .mockRejectedValueOnce(
        await apiError(
          400,
          'InputError',
          'password: must be at least 12 characters long; must not contain the username',
        ),
      )
      .mockRejectedValueOnce(
        await apiError(
          409,
          'ConflictError',
          "username: a user named 'bob' already exists",
        ),
      );
    renderPage(fakeAccessApi({ createUser }));
    const dialog = await openDialog('Add user');
    await userEvent.type(
      dialog.getByRole('textbox', { name: /Username/ }),
      'bob',
    );
    await userEvent.type(dialog.getByLabelText(/Initial password/), 'bob1');
    await userEvent.click(dialog.getByRole('button', { name: 'Add user' }));

    expect(
      await dialog.findByText(
        'must be at least 12 characters long; must not contain the username',
      ),
    ).toBeInTheDocument();
    expect(dialog.getByLabelText(/Initial password/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(dialog.getByRole('textbox', { name: /Username/ })).toHaveAttribute(
      'aria-invalid',
      'false',
    );

    // Editing the field clears the server's verdict on it.
    await userEvent.type(
      dialog.getByLabelText(/Initial password/),
      ' and much longer',
    );
    expect(
      dialog.queryByText(/must be at least 12 characters long/),
    ).not.toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Add user' }));
    expect(
      await dialog.findByText("a user named 'bob' already exists"),
    ).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: /Username/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('names missing and malformed fields without asking the server', async () => {
    const api = renderPage(fakeAccessApi());
    const dialog = await openDialog('Add user');
    await userEvent.click(dialog.getByRole('button', { name: 'Add user' }));
    expect(dialog.getAllByText('is required')).toHaveLength(2);
    await userEvent.type(
      dialog.getByRole('textbox', { name: /Username/ }),
      'jane doe',
    );
    expect(dialog.getByText(/may contain only a-z/)).toBeInTheDocument();
    expect(api.createUser).not.toHaveBeenCalled();
  });

  it('changes the profile and role, and warns that a new role signs the user out', async () => {
    const api = renderPage(withUsers());
    const dialog = await openDialog('Edit bob', 'Edit bob', await row('bob'));
    const name = dialog.getByRole('textbox', { name: /Display name/ });
    await userEvent.clear(name);
    await userEvent.type(name, 'Robert');
    await userEvent.type(
      dialog.getByRole('textbox', { name: /Email/ }),
      'bob@example.com',
    );
    await userEvent.click(dialog.getByRole('combobox', { name: /Role/ }));
    await userEvent.click(await screen.findByRole('option', { name: /admin/ }));
    expect(dialog.getByText(/signed out everywhere/)).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateUser).toHaveBeenCalledWith('bob', {
        displayName: 'Robert',
        email: 'bob@example.com',
        role: 'admin',
      }),
    );
    expect(await screen.findByText('Saved bob')).toBeInTheDocument();
  });

  it('puts a refused demotion of the last admin on the role', async () => {
    renderPage(
      withUsers({
        updateUser: failingWith(
          409,
          'ConflictError',
          "role: 'admin' is the last enabled admin; make another user admin first",
        ),
      }),
    );
    const dialog = await openDialog(
      'Edit admin',
      'Edit admin',
      await row('admin'),
    );
    await userEvent.click(dialog.getByRole('combobox', { name: /Role/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: /viewer/ }),
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    expect(
      await dialog.findByText(
        "'admin' is the last enabled admin; make another user admin first",
      ),
    ).toBeInTheDocument();
  });

  it('disables after confirmation, and enables at once', async () => {
    const api = renderPage(withUsers());
    const dialog = await openDialog(
      'Disable bob',
      'Disable bob?',
      await row('bob'),
    );
    expect(api.disableUser).not.toHaveBeenCalled();
    await userEvent.click(dialog.getByRole('button', { name: 'Disable user' }));
    await waitFor(() => expect(api.disableUser).toHaveBeenCalledWith('bob'));
    expect(await screen.findByText('Disabled bob')).toBeInTheDocument();

    await userEvent.click(
      (await row('carol')).getByRole('button', { name: 'Enable carol' }),
    );
    await waitFor(() => expect(api.enableUser).toHaveBeenCalledWith('carol'));
    expect(api.listUsers).toHaveBeenCalledTimes(3);
  });

  it('warns an admin before they disable or delete themself, and nobody else', async () => {
    renderPage(withUsers());
    let dialog = await openDialog(
      'Disable admin',
      'Disable admin?',
      await row('admin'),
    );
    expect(
      await dialog.findByText('This is your own account'),
    ).toBeInTheDocument();
    expect(
      dialog.getByText(/Disabling it signs you out at once/),
    ).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));

    dialog = await openDialog(
      'Delete admin',
      'Delete admin?',
      await row('admin'),
    );
    expect(
      dialog.getByText(/Deleting it signs you out at once/),
    ).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));

    dialog = await openDialog('Disable bob', 'Disable bob?', await row('bob'));
    expect(dialog.queryByText('This is your own account')).toBeNull();
  });

  it('keeps the confirmation open with the reason when the server refuses', async () => {
    renderPage(
      withUsers({
        disableUser: failingWith(
          409,
          'ConflictError',
          "disabled: 'admin' is the last enabled admin; make another user admin first",
        ),
      }),
    );
    const dialog = await openDialog(
      'Disable admin',
      'Disable admin?',
      await row('admin'),
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Disable user' }));
    expect(
      await dialog.findByText(
        "'admin' is the last enabled admin; make another user admin first",
      ),
    ).toBeInTheDocument();
  });

  it('resets a password, which the user must then change', async () => {
    const api = renderPage(
      withUsers({
        resetPassword: jest
          .fn()
          .mockRejectedValueOnce(
            await apiError(
              400,
              'InputError',
              'password: is a well-known default or common password',
            ),
          )
          .mockResolvedValue(makeUser({ username: 'bob' })),
      }),
    );
    const dialog = await openDialog(
      'Reset the password of bob',
      'Reset the password of bob',
      await row('bob'),
    );
    expect(
      dialog.getByText(/must choose their own password at next sign-in/),
    ).toBeInTheDocument();
    await userEvent.type(dialog.getByLabelText(/New password/), 'Password1!');
    await userEvent.click(
      dialog.getByRole('button', { name: 'Reset password' }),
    );
    expect(
      await dialog.findByText('is a well-known default or common password'),
    ).toBeInTheDocument();

    await userEvent.click(dialog.getByRole('button', { name: 'Generate' }));
    const generated = (
      dialog.getByLabelText(/New password/) as HTMLInputElement
    ).value;
    expect(generated).toHaveLength(20);
    expect(dialog.getByLabelText(/New password/)).toHaveAttribute(
      'type',
      'text',
    );
    // One click to hand it over.
    const writeText = jest
      .spyOn(navigator.clipboard, 'writeText')
      .mockResolvedValue(undefined);
    await userEvent.click(
      dialog.getByRole('button', { name: 'Copy password' }),
    );
    expect(writeText).toHaveBeenCalledWith(generated);
    expect(dialog.getByText('Copied to the clipboard')).toBeInTheDocument();
    await userEvent.click(
      dialog.getByRole('button', { name: 'Reset password' }),
    );
    await waitFor(() =>
      expect(api.resetPassword).toHaveBeenLastCalledWith('bob', generated),
    );
    expect(
      await screen.findByText(
        'Reset the password of bob: they must change it at next sign-in',
      ),
    ).toBeInTheDocument();
  });

  it('deletes after confirmation', async () => {
    const api = renderPage(withUsers());
    const dialog = await openDialog(
      'Delete carol',
      'Delete carol?',
      await row('carol'),
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Delete user' }));
    await waitFor(() => expect(api.deleteUser).toHaveBeenCalledWith('carol'));
    expect(await screen.findByText('Deleted carol')).toBeInTheDocument();
  });

  it('invites to add the first account', async () => {
    renderPage(fakeAccessApi());
    expect(await screen.findByText('No local accounts')).toBeInTheDocument();
    // Waits for the dialog the button opens.
    await openDialog('Add user');
  });

  it('tells those who lost the permission that the page is for admins', async () => {
    renderPage(
      fakeAccessApi({
        listUsers: failingWith(
          403,
          'NotAllowedError',
          "Your role does not allow 'opssight.access.user.read'",
        ),
      }),
    );
    expect(await screen.findByText('Admins only')).toBeInTheDocument();
  });

  it('shows other errors with a retry', async () => {
    const listUsers = jest
      .fn()
      .mockRejectedValueOnce(new Error('database unavailable'))
      .mockResolvedValue([admin]);
    renderPage(fakeAccessApi({ listUsers }));
    expect(await screen.findByText('Could not load users')).toBeInTheDocument();
    expect(screen.getByText('database unavailable')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('user-row')).toHaveLength(1);
  });
});
