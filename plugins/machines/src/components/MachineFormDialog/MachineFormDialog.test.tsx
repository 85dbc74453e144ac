import { screen, waitFor } from '@testing-library/react';
import {
  userEvent,
  failingWith,
  retype,
  expectOptions,
} from '@opssight/plugin-api-react/testing';
import {
  fakeMachinesApi,
  makeMachine,
} from '@opssight/plugin-machines-react/testing';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import { MachineFormDialog, serverFieldErrors } from './MachineFormDialog';
import { renderMachines } from '../../__testUtils__/renderMachines';

function renderForm(
  api = fakeMachinesApi(),
  props: Partial<Parameters<typeof MachineFormDialog>[0]> = {},
  vault?: ReturnType<typeof fakeVaultApi>,
) {
  const handlers = { onSaved: jest.fn(), onClose: jest.fn() };
  renderMachines(
    <MachineFormDialog
      open
      groupOptions={['db', 'web']}
      tagOptions={['prod']}
      {...handlers}
      {...props}
    />,
    { api, apis: vault ? [vault] : [] },
  );
  return { api, ...handlers };
}

/** Types the machine's IP address and host name. */
async function typeAddress(ip: string, hostname: string) {
  await userEvent.type(
    await screen.findByRole('textbox', { name: /IP address/ }),
    ip,
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Host name/ }),
    hostname,
  );
}

/** A machines API that refuses to create a machine, as the backend does. */
const refusingCreate = (status: number, name: string, message: string) =>
  fakeMachinesApi({ createMachine: failingWith(status, name, message) });

/** Saves a new machine, 10.0.0.5 named web-5, and sees the form answer `message`. */
async function saveNewMachineAndSee(message: string) {
  await typeAddress('10.0.0.5', 'web-5');
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText(message)).toBeInTheDocument();
}

// Every keystroke re-validates and re-renders the MUI form; jsdom is slow at that.
jest.setTimeout(20_000);

describe('MachineFormDialog', () => {
  it('shows inline errors for a bad IP and host name as the user types', async () => {
    const { api } = renderForm();
    const ip = await screen.findByRole('textbox', { name: /IP address/ });
    const hostname = screen.getByRole('textbox', { name: /Host name/ });

    await userEvent.type(ip, '1.2.3');
    expect(
      screen.getByText("'1.2.3' is not a valid IPv4 or IPv6 address"),
    ).toBeInTheDocument();
    expect(ip).toHaveAttribute('aria-invalid', 'true');
    // Untouched fields stay quiet.
    expect(hostname).toHaveAttribute('aria-invalid', 'false');

    await userEvent.type(hostname, 'bad_host');
    expect(
      screen.getByText(/'bad_host' is not a valid host name/),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.createMachine).not.toHaveBeenCalled();

    // Fixing the value clears the message.
    await retype(ip, '10.0.0.9');
    expect(
      screen.queryByText(/is not a valid IPv4 or IPv6 address/),
    ).not.toBeInTheDocument();
  });

  it('names the missing required fields when saving an empty form', async () => {
    const { api } = renderForm();
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect(screen.getAllByText('is required')).toHaveLength(2);
    expect(api.createMachine).not.toHaveBeenCalled();
  });

  it('submits good input, normalised by the shared schema', async () => {
    const { api, onSaved } = renderForm();
    await typeAddress(' 10.0.0.5 ', 'Web-5');
    await userEvent.type(
      screen.getByRole('textbox', { name: /Application/ }),
      'shop',
    );
    const port = screen.getByRole('spinbutton', { name: /SSH port/ });
    expect(port).toHaveValue(22);
    await retype(port, '2222');
    await userEvent.type(
      screen.getByRole('combobox', { name: /Groups/ }),
      'db{enter}new-group{enter}',
    );
    await userEvent.type(
      screen.getByRole('combobox', { name: /Tags/ }),
      'prod,',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.createMachine).toHaveBeenCalledWith({
      ip: '10.0.0.5',
      hostname: 'web-5',
      application: 'shop',
      sshPort: 2222,
      sshUser: '',
      description: '',
      groups: ['db', 'new-group'],
      tags: ['prod'],
      defaultCredentialId: null,
    });
  });

  it('shows a duplicate-IP conflict from the server on the IP field', async () => {
    const { onSaved } = renderForm(
      refusingCreate(
        409,
        'ConflictError',
        "ip: 10.0.0.5 is already used by machine 'db-1' (10.0.0.5)",
      ),
    );
    await saveNewMachineAndSee(
      "10.0.0.5 is already used by machine 'db-1' (10.0.0.5)",
    );
    expect(screen.getByRole('textbox', { name: /IP address/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('edits an existing machine with PUT semantics', async () => {
    const machine = makeMachine({
      id: 'm1',
      ip: '10.0.0.1',
      hostname: 'web-1',
      groups: ['web'],
      owner: 'group:default/shop-team',
    });
    const { api, onSaved } = renderForm(undefined, { machine });
    expect(await screen.findByText('Edit web-1')).toBeInTheDocument();
    const application = screen.getByRole('textbox', { name: /Application/ });
    await retype(application, 'billing');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.updateMachine).toHaveBeenCalledWith(
      'm1',
      expect.objectContaining({
        ip: '10.0.0.1',
        application: 'billing',
        groups: ['web'],
        owner: 'group:default/shop-team',
      }),
    );
  });
});

describe('MachineFormDialog default credential', () => {
  const deployKey = makeSshKey();
  const dbPassword = makeSshKey({
    id: '00000000-0000-4000-8000-00000000000b',
    name: 'db admin',
    kind: 'password',
    scope: 'shared',
    username: 'postgres',
    keyType: null,
    fingerprint: null,
    publicKey: null,
  });
  const vault = () =>
    fakeVaultApi([
      deployKey,
      dbPassword,
      makeSshKey({
        id: '00000000-0000-4000-8000-00000000000c',
        name: 'registry token',
        kind: 'api-token',
      }),
      // A shared credential the user's role may see but not use.
      {
        id: '00000000-0000-4000-8000-00000000000d',
        name: 'prod root',
        kind: 'password',
        scope: 'shared',
      },
    ]);

  it('offers only the shared SSH keys and passwords the user may use, and saves the pick', async () => {
    const { api, onSaved } = renderForm(undefined, {}, vault());
    await typeAddress('10.0.0.5', 'web-5');
    const select = screen.getByRole('combobox', { name: 'Default credential' });
    expect(select).toHaveTextContent('None');
    // A personal key (deploy key) would refuse everyone but its owner.
    const options = await expectOptions(select, [
      'None',
      'db admin · password · postgres · shared',
    ]);
    await userEvent.click(options[1]);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.createMachine).toHaveBeenCalledWith(
      expect.objectContaining({ defaultCredentialId: dbPassword.id }),
    );
    expect(
      screen.queryByText(/00000000-0000-4000-8000/),
    ).not.toBeInTheDocument();
  });

  it("keeps a default the user cannot use, and clears it with 'None'", async () => {
    const machine = makeMachine({
      id: 'm1',
      defaultCredentialId: '00000000-0000-4000-8000-0000000000ff',
    });
    const { api, onSaved } = renderForm(undefined, { machine }, vault());
    const select = await screen.findByRole('combobox', {
      name: 'Default credential',
    });
    await waitFor(() =>
      expect(select).toHaveTextContent('A credential you cannot see'),
    );
    expect(select).not.toHaveTextContent('00000000');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(api.updateMachine).toHaveBeenLastCalledWith(
      'm1',
      expect.objectContaining({
        defaultCredentialId: '00000000-0000-4000-8000-0000000000ff',
      }),
    );

    await userEvent.click(select);
    await userEvent.click(screen.getByRole('option', { name: 'None' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
    expect(api.updateMachine).toHaveBeenLastCalledWith(
      'm1',
      expect.objectContaining({ defaultCredentialId: null }),
    );
  });

  it.each([
    [
      'a personal default set before defaults had to be shared',
      deployKey.id,
      'deploy key (personal: pick a shared one)',
    ],
    [
      'a shared default the user sees but may not use',
      '00000000-0000-4000-8000-00000000000d',
      'prod root (you may not use it)',
    ],
  ])('names %s', async (_default, defaultCredentialId, label) => {
    renderForm(
      undefined,
      { machine: makeMachine({ defaultCredentialId }) },
      vault(),
    );
    expect(await screen.findByText(label)).toBeInTheDocument();
  });

  it('says why there is nothing to pick, and shows the server naming the field', async () => {
    renderForm(
      refusingCreate(
        400,
        'InputError',
        "Invalid machine: defaultCredentialId: 'deploy key' is a personal credential, and a machine's default must be a shared one",
      ),
      {},
      fakeVaultApi([]),
    );
    expect(
      await screen.findByText(
        'The vault has no shared SSH key or password: an admin adds them on the Vault page',
      ),
    ).toBeInTheDocument();
    await saveNewMachineAndSee(
      "'deploy key' is a personal credential, and a machine's default must be a shared one",
    );
  });

  it('has no such field in an app without the vault', async () => {
    renderForm();
    await screen.findByRole('textbox', { name: /IP address/ });
    expect(
      screen.queryByRole('combobox', { name: 'Default credential' }),
    ).not.toBeInTheDocument();
  });
});

describe('serverFieldErrors', () => {
  it.each([
    ['hostname: is required', 400, { hostname: 'is required' }],
    ['groups.1: each group must be …', 400, { groups: 'each group must be …' }],
    [
      "Invalid request body: ip: '1.2' is not valid; sshPort: must be a number",
      400,
      { ip: "'1.2' is not valid", sshPort: 'must be a number' },
    ],
    [
      'machine 10.0.0.1 already exists',
      409,
      { ip: 'machine 10.0.0.1 already exists' },
    ],
    ['something else broke', 500, undefined],
    ["Invalid request body: unknown field 'colour'", 400, undefined],
  ])('%s (%s)', (message, status, expected) => {
    expect(serverFieldErrors(message, status)).toEqual(expected);
  });
});
