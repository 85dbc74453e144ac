import { screen, waitFor, within } from '@testing-library/react';
import {
  expectEachText,
  hoursAgo,
  openDialog,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import {
  makeCredential,
  makeCredentialName,
  makeSshKey,
  mockVaultApi,
} from '@opssight/plugin-vault-react/testing';
import { renderCredentialsPage as renderPage } from '../../testing/renderCredentialsPage';

jest.setTimeout(20_000);

const sshKey = makeSshKey({
  id: 'k1',
  lastUsedAt: hoursAgo(2),
});
const password = makeCredential({
  id: 'p1',
  name: 'db admin',
  scope: 'shared',
  owner: 'user:default/jane',
  username: 'postgres',
});
const token = makeCredential({
  id: 't1',
  name: 'grafana',
  kind: 'api-token',
  username: '',
});

describe('CredentialsPage', () => {
  it('invites to add the first credential', async () => {
    renderPage(mockVaultApi());
    expect(await screen.findByText('No credentials yet')).toBeInTheDocument();
    // Waits for the dialog the button opens.
    await openDialog('Add credential');
  });

  it('shows each credential with its kind, scope and key, never a secret', async () => {
    // user-event puts a fake clipboard on navigator.
    const writeText = jest.spyOn(navigator.clipboard, 'writeText');
    renderPage(
      mockVaultApi({
        listCredentials: jest.fn(async () => [
          sshKey,
          password,
          token,
          makeCredentialName({ id: 'n1', name: 'prod root' }),
        ]),
      }),
    );
    const rows = await screen.findAllByTestId('credential-row');
    expect(rows).toHaveLength(4);
    expect(screen.getByTestId('credentials-count')).toHaveTextContent(
      '4 credentials',
    );

    const key = within(rows[0]);
    expectEachText(key, [
      'SSH key',
      'personal',
      'guest',
      'ssh-ed25519',
      'SHA256:ZmFrZWZpbmdlcnByaW50',
      '2 h ago',
    ]);
    await userEvent.click(
      key.getByRole('button', { name: 'Copy the public key of deploy key' }),
    );
    expect(writeText).toHaveBeenCalledWith(
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakePublicKey deploy-key\n',
    );

    expectEachText(within(rows[1]), [
      'Password',
      'shared',
      'jane',
      'postgres',
      'never',
    ]);

    expect(within(rows[2]).getByText('API token')).toBeInTheDocument();
    expect(
      within(rows[3]).getByText('Your role sees only its name'),
    ).toBeInTheDocument();
    // Only credentials with details can be edited; deleting needs only the id.
    expect(
      within(rows[3]).queryByRole('button', { name: /Edit/ }),
    ).not.toBeInTheDocument();
    expect(
      within(rows[3]).getByRole('button', { name: 'Delete prod root' }),
    ).toBeInTheDocument();
  });

  it('adds a credential, reloads, and keeps no trace of its secret', async () => {
    const stored = makeCredential({ id: 'p9', name: 'backup' });
    const listCredentials = jest
      .fn()
      .mockResolvedValueOnce([token])
      .mockResolvedValue([token, stored]);
    const api = mockVaultApi({
      listCredentials,
      createCredential: jest.fn(async () => stored),
    });
    renderPage(api);
    const dialog = await openDialog('Add credential');
    await userEvent.click(
      dialog.getByRole('button', { name: /Username \+ password/ }),
    );
    await userEvent.type(
      dialog.getByRole('textbox', { name: /Name/ }),
      'backup',
    );
    await userEvent.type(dialog.getByLabelText(/Password/), 'very-secret-1');
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Stored backup')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getAllByTestId('credential-row')).toHaveLength(2),
    );
    expect(api.createCredential).toHaveBeenCalledWith(
      expect.objectContaining({ password: 'very-secret-1' }),
    );
    expect(
      screen.queryByRole('dialog', { name: 'Add credential' }),
    ).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('very-secret-1');

    // Editing starts without the secret: there is none to show.
    const edit = await openDialog('Edit backup');
    await userEvent.click(
      edit.getByRole('checkbox', { name: 'Replace the secret' }),
    );
    expect(edit.getByLabelText(/Password/)).toHaveValue('');
  });

  it('deletes a credential after asking', async () => {
    const listCredentials = jest
      .fn()
      .mockResolvedValueOnce([password, token])
      .mockResolvedValue([token]);
    const api = mockVaultApi({ listCredentials });
    renderPage(api);
    const dialog = await openDialog('Delete db admin', 'Delete db admin?');
    expect(
      dialog.getByText(/everyone who uses it to log in loses it/),
    ).toBeInTheDocument();
    await userEvent.click(
      dialog.getByRole('button', { name: 'Delete credential' }),
    );
    await waitFor(() =>
      expect(api.deleteCredential).toHaveBeenCalledWith('p1'),
    );
    expect(await screen.findByText('Deleted db admin')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getAllByTestId('credential-row')).toHaveLength(1),
    );
  });

  it('says why the list could not be loaded, and retries', async () => {
    const listCredentials = jest
      .fn()
      .mockRejectedValueOnce(new Error('vault unavailable'))
      .mockResolvedValue([token]);
    renderPage(mockVaultApi({ listCredentials }));
    expect(
      await screen.findByText('Could not load credentials'),
    ).toBeInTheDocument();
    expect(screen.getByText('vault unavailable')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('grafana')).toBeInTheDocument();
  });
});
