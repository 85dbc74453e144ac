import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  apiError,
  failingWith,
  submit,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import { vaultApiRef } from '../../api';
import {
  makeCredential,
  makeSshKey,
  mockVaultApi,
} from '@opssight/plugin-vault-react/testing';
import {
  CredentialFormDialog,
  serverFieldErrors,
} from './CredentialFormDialog';

function renderForm(
  api = mockVaultApi(),
  props: Partial<Parameters<typeof CredentialFormDialog>[0]> = {},
) {
  const onSaved = jest.fn();
  const onClose = jest.fn();
  renderInTestApp(
    <CredentialFormDialog
      open
      allowShared
      onClose={onClose}
      onSaved={onSaved}
      {...props}
    />,
    { apis: [[vaultApiRef, api]] },
  );
  return { api, onSaved, onClose };
}

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

// Every keystroke re-validates and re-renders the MUI form; jsdom is slow at that.
jest.setTimeout(20_000);

describe('CredentialFormDialog', () => {
  it('names the missing fields inline when saving an empty form', async () => {
    const { api } = renderForm();
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByRole('textbox', { name: 'Private key' }),
    ).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText('is required')).toHaveLength(2);
    expect(api.createCredential).not.toHaveBeenCalled();
  });

  it('checks fields as they are typed, and only those touched', async () => {
    renderForm();
    const username = await screen.findByRole('textbox', { name: /Username/ });
    await userEvent.type(username, 'dep loy');
    expect(
      screen.getByText('must not contain spaces or line breaks'),
    ).toBeInTheDocument();
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveAttribute(
      'aria-invalid',
      'false',
    );
    await userEvent.clear(username);
    await userEvent.type(username, 'deploy');
    expect(
      screen.queryByText('must not contain spaces or line breaks'),
    ).not.toBeInTheDocument();
  });

  it('stores an SSH key with its passphrase', async () => {
    const { api, onSaved } = renderForm();
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'deploy key',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Username/ }),
      'deploy',
    );
    // Typing a key character by character is slow; pasting is what people do.
    await userEvent.click(screen.getByRole('textbox', { name: 'Private key' }));
    await userEvent.paste(KEY);
    await userEvent.type(screen.getByLabelText('Passphrase'), 'hunter2');
    await userEvent.click(screen.getByRole('radio', { name: /Shared/ }));
    await submit(onSaved);
    expect(api.createCredential).toHaveBeenCalledWith({
      kind: 'ssh-key',
      name: 'deploy key',
      scope: 'shared',
      username: 'deploy',
      description: '',
      // Shared, bound nowhere until an admin lists where it may go.
      allowedDestinations: [],
      privateKey: KEY,
      passphrase: 'hunter2',
    });
  });

  it('reads the private key from a chosen file', async () => {
    renderForm();
    const input = (await screen.findByTestId(
      'private-key-file',
    )) as HTMLInputElement;
    const file = new File([KEY], 'id_ed25519');
    // jsdom's File may lack text(); the browser's has it.
    Object.defineProperty(file, 'text', { value: async () => KEY });
    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Private key' })).toHaveValue(
        KEY,
      ),
    );
  });

  it('sends only the secret of the chosen kind', async () => {
    const { api } = renderForm();
    await userEvent.click(screen.getByRole('textbox', { name: 'Private key' }));
    await userEvent.paste(KEY);
    await userEvent.click(
      screen.getByRole('button', { name: /Username \+ password/ }),
    );
    expect(
      screen.queryByRole('textbox', { name: 'Private key' }),
    ).not.toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'db');
    await userEvent.type(screen.getByLabelText(/Password/), 's3cret pass');
    expect((await submit(api.createCredential))[0]).toEqual({
      kind: 'password',
      name: 'db',
      scope: 'personal',
      username: '',
      description: '',
      allowedDestinations: [],
      password: 's3cret pass',
    });
  });

  it('keeps secret inputs masked and out of the browser password store', async () => {
    renderForm();
    await userEvent.click(
      await screen.findByRole('button', { name: /API token/ }),
    );
    const token = screen.getByLabelText(/Token/);
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('autocomplete', 'new-password');
    expect(
      screen.getByText(/nobody can read it back, not even you/),
    ).toBeInTheDocument();
  });

  it("shows the server's field error on that field", async () => {
    const api = mockVaultApi({
      createCredential: failingWith(
        400,
        'InputError',
        'Invalid credential: privateKey: the passphrase is wrong',
      ),
    });
    const { onSaved } = renderForm(api);
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'k',
    );
    await userEvent.click(screen.getByRole('textbox', { name: 'Private key' }));
    await userEvent.paste(KEY);
    await userEvent.type(screen.getByLabelText('Passphrase'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('the passphrase is wrong'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Private key' }),
    ).toHaveAttribute('aria-invalid', 'true');
    expect(onSaved).not.toHaveBeenCalled();
    // Editing the field clears the server's verdict on it.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Private key' }),
      '{backspace}',
    );
    expect(
      screen.queryByText('the passphrase is wrong'),
    ).not.toBeInTheDocument();
  });

  it('puts a name conflict on the name, and other errors under the form', async () => {
    const createCredential = jest
      .fn()
      .mockRejectedValueOnce(
        await apiError(
          409,
          'ConflictError',
          "name: you already have a personal credential named 'db' (id c1)",
        ),
      )
      .mockRejectedValueOnce(
        await apiError(
          403,
          'NotAllowedError',
          "Your role does not allow 'opssight.vault.shared.manage'",
        ),
      );
    renderForm(mockVaultApi({ createCredential }));
    await userEvent.click(
      await screen.findByRole('button', { name: /Username \+ password/ }),
    );
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'db');
    await userEvent.type(screen.getByLabelText(/Password/), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        "you already have a personal credential named 'db' (id c1)",
      ),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), '2');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        "Your role does not allow 'opssight.vault.shared.manage'",
      ),
    ).toBeInTheDocument();
  });

  it('offers the shared scope only when allowed', async () => {
    renderForm(undefined, { allowShared: false });
    expect(
      await screen.findByText(/Stored as a personal credential/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('radio', { name: /Shared/ }),
    ).not.toBeInTheDocument();
  });

  it('edits metadata without the secret it never sees', async () => {
    const credential = makeCredential({
      id: 'c1',
      name: 'db',
      username: 'app',
      description: 'prod database',
    });
    const { api, onSaved } = renderForm(undefined, { credential });
    expect(
      await screen.findByRole('dialog', { name: 'Edit db' }),
    ).toBeInTheDocument();
    // No kind switch and no secret field until the user asks to replace it.
    expect(
      screen.queryByRole('button', { name: /API token/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Password/)).not.toBeInTheDocument();

    const name = screen.getByRole('textbox', { name: /Name/ });
    await userEvent.clear(name);
    await userEvent.type(name, 'db-prod');
    await submit(onSaved);
    expect(api.updateCredential).toHaveBeenCalledWith('c1', {
      name: 'db-prod',
      username: 'app',
      description: 'prod database',
    });
  });

  it('binds a shared credential to allowed destinations, one per line, and names a bad line', async () => {
    const { api } = renderForm();
    await userEvent.click(screen.getByRole('button', { name: /API token/ }));
    expect(
      screen.queryByRole('textbox', { name: 'Allowed destinations' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /Shared/ }));
    await userEvent.click(screen.getByRole('textbox', { name: /Name/ }));
    await userEvent.paste('kube-reader');
    await userEvent.click(screen.getByLabelText(/Token/));
    await userEvent.paste('sa-token');
    const destinations = screen.getByRole('textbox', {
      name: 'Allowed destinations',
    });
    await userEvent.click(destinations);
    await userEvent.paste('https://k8s.example.com:6443/\n\n*.example.com');
    expect(
      screen.getByText(
        'line 2: must be a host (k8s.example.com, 10.0.0.10:6443) or a URL prefix (https://k8s.example.com:6443/)',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(destinations);
    await userEvent.paste(
      'https://k8s.example.com:6443/\n\nRegistry.example.com ',
    );
    expect((await submit(api.createCredential))[0]).toEqual({
      kind: 'api-token',
      name: 'kube-reader',
      scope: 'shared',
      username: '',
      description: '',
      allowedDestinations: [
        'https://k8s.example.com:6443/',
        'registry.example.com',
      ],
      token: 'sa-token',
    });
  }, 60_000);

  it("edits a shared credential's allowed destinations", async () => {
    const credential = makeCredential({
      id: 'c2',
      name: 'kube-reader',
      kind: 'api-token',
      scope: 'shared',
      username: '',
      allowedDestinations: ['k8s.example.com'],
    });
    const { api, onSaved } = renderForm(undefined, { credential });
    const destinations = await screen.findByRole('textbox', {
      name: 'Allowed destinations',
    });
    expect(destinations).toHaveValue('k8s.example.com');
    await userEvent.clear(destinations);
    await submit(onSaved);
    expect(api.updateCredential).toHaveBeenCalledWith('c2', {
      name: 'kube-reader',
      username: '',
      description: '',
      allowedDestinations: [],
    });
  });

  it('replaces the secret when asked, starting from an empty field', async () => {
    const credential = makeSshKey({ id: 'k1', name: 'deploy key' });
    const { api } = renderForm(undefined, { credential });
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Replace the secret' }),
    );
    const key = screen.getByRole('textbox', { name: 'Private key' });
    expect(key).toHaveValue('');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    // Asking to replace and giving nothing is a mistake, not "keep it".
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(api.updateCredential).not.toHaveBeenCalled();
    await userEvent.click(key);
    await userEvent.paste(KEY);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateCredential).toHaveBeenCalledWith('k1', {
        name: 'deploy key',
        username: 'deploy',
        description: '',
        privateKey: KEY,
      }),
    );
  });
});

describe('serverFieldErrors', () => {
  it('maps each named field and refuses messages that name none', () => {
    expect(
      serverFieldErrors(
        'Invalid credential: name: is required; password: is required',
      ),
    ).toEqual({ name: 'is required', password: 'is required' });
    expect(serverFieldErrors('backend unavailable')).toBeUndefined();
    expect(
      serverFieldErrors("kind: must be one of 'ssh-key', 'password'"),
    ).toBeUndefined();
  });
});
