import { screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Machine } from '@opssight/plugin-machines-common';
import type { CredentialListItem } from '@opssight/plugin-vault-common';
import {
  fakeVaultApi,
  makeCredential,
  makeSshKey,
} from '@opssight/plugin-vault-react/testing';
import { terminalApiRef } from '../../api';
import { fakeTerminalApi, makeMachine } from '../../testing/fakes';
import { fakeMachineRegistry } from '@opssight/plugin-machines-react/testing';
import { describeSettings, OpenTerminalDialog } from './OpenTerminalDialog';

jest.setTimeout(20_000);
const userEvent = userEventLib.setup({ delay: null });

const deployKey = makeSshKey({ id: 'c-key', name: 'deploy key' });
const rootPassword = makeCredential({
  id: 'c-pass',
  name: 'root password',
  kind: 'password',
  username: 'root',
  scope: 'shared',
  keyType: null,
  fingerprint: null,
  publicKey: null,
});
const apiToken = makeCredential({
  id: 'c-token',
  name: 'grafana token',
  kind: 'api-token',
  keyType: null,
  fingerprint: null,
  publicKey: null,
});
/** A shared credential a viewer sees by name only. */
const nameOnly: CredentialListItem = {
  id: 'c-name',
  name: 'ops key',
  kind: 'ssh-key',
  scope: 'shared',
};
const ALL = [deployKey, rootPassword, apiToken, nameOnly];

function renderDialog(
  machines: Machine[],
  props: { machineId?: string } = {},
  credentials: CredentialListItem[] = ALL,
) {
  const onOpen = jest.fn();
  const onClose = jest.fn();
  const machinesApi = fakeMachineRegistry(machines);
  renderInTestApp(
    <OpenTerminalDialog {...props} onOpen={onOpen} onClose={onClose} />,
    {
      apis: [
        [terminalApiRef, fakeTerminalApi()],
        machinesApi.pair,
        fakeVaultApi(credentials),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { onOpen, onClose, machinesApi: machinesApi.api };
}

const openButton = () => screen.getByRole('button', { name: 'Open terminal' });

describe('OpenTerminalDialog', () => {
  it("preselects the machine's default credential and offers only SSH keys and passwords", async () => {
    const web1 = makeMachine({ defaultCredentialId: 'c-pass' });
    const { onOpen } = renderDialog([web1], { machineId: 'm1' });

    const picker = await screen.findByRole('combobox', { name: 'Log in with' });
    await waitFor(() =>
      expect(picker).toHaveTextContent(
        'root password · password · root · shared',
      ),
    );
    // The machine's SSH user comes before the credential's username.
    expect(
      screen.getByText(
        "Logs in as deploy with the machine's default credential",
      ),
    ).toBeInTheDocument();

    await userEvent.click(picker);
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'deploy key · SSH key · deploy',
      'root password · password · root · shared',
    ]);
    await userEvent.click(options[0]);

    await userEvent.click(openButton());
    expect(onOpen).toHaveBeenCalledWith({
      machine: { id: 'm1', hostname: 'web-1', ip: '10.0.0.1' },
      credentialId: 'c-key',
    });
  });

  it('asks for a credential when the machine has no default', async () => {
    const { onOpen } = renderDialog([makeMachine()], { machineId: 'm1' });
    const picker = await screen.findByRole('combobox', { name: 'Log in with' });
    expect(picker).toHaveTextContent('Choose a credential');
    expect(openButton()).toBeDisabled();

    await userEvent.click(picker);
    await userEvent.click(
      screen.getByRole('option', { name: 'deploy key · SSH key · deploy' }),
    );
    await waitFor(() => expect(openButton()).toBeEnabled());
    await userEvent.click(openButton());
    expect(onOpen).toHaveBeenCalledWith(
      expect.objectContaining({ credentialId: 'c-key' }),
    );
  });

  it('says who logs in, and will not open when neither the machine nor the credential names a user', async () => {
    const nameless = makeSshKey({
      id: 'c-bare',
      name: 'bare key',
      username: '',
    });
    renderDialog(
      [makeMachine({ sshUser: '', defaultCredentialId: 'c-bare' })],
      { machineId: 'm1' },
      [nameless, rootPassword],
    );
    expect(
      await screen.findByText(
        "web-1 has no SSH user and credential 'bare key' has no username, so there is nobody to log in as: set the SSH user on the machine, or a username on the credential",
      ),
    ).toBeInTheDocument();
    expect(openButton()).toBeDisabled();

    await userEvent.click(
      screen.getByRole('combobox', { name: 'Log in with' }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: /^root password/ }),
    );
    expect(await screen.findByText('Logs in as root')).toBeInTheDocument();
    expect(openButton()).toBeEnabled();
  });

  it('will not open with a default credential the user may not use', async () => {
    renderDialog([makeMachine({ defaultCredentialId: 'c-name' })], {
      machineId: 'm1',
    });
    expect(
      await screen.findByText('You may not use this credential: pick another'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('combobox', { name: 'Log in with' }),
    ).toHaveTextContent('ops key (you may not use it)');
    expect(openButton()).toBeDisabled();
  });

  it('sends a machine without a pinned host key to a connection test first', async () => {
    renderDialog(
      [makeMachine({ hostKeyFingerprint: null, defaultCredentialId: 'c-key' })],
      { machineId: 'm1' },
    );
    expect(
      await screen.findByText('Run a connection test first'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Test connection/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/web-1--10-0-0-1/machine',
    );
    expect(openButton()).toBeDisabled();
  });

  it('lets the user search for the machine when none is given', async () => {
    const { onOpen, machinesApi } = renderDialog([
      makeMachine({ defaultCredentialId: 'c-key' }),
      makeMachine({ id: 'm2', hostname: 'db-1', ip: '10.0.0.2' }),
    ]);
    expect(openButton()).toBeDisabled();
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Machine' }),
      'web',
    );
    await waitFor(() =>
      expect(machinesApi.listMachines).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'web' }),
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('option', { name: /db-1/ }),
      ).not.toBeInTheDocument(),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'web-1 (10.0.0.1)' }),
    );
    await waitFor(() => expect(openButton()).toBeEnabled());
    // The picked machine's label in the box is not searched for.
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(machinesApi.listMachines).not.toHaveBeenCalledWith(
      expect.objectContaining({ q: 'web-1 (10.0.0.1)' }),
    );
    await userEvent.click(openButton());
    expect(onOpen).toHaveBeenCalledWith({
      machine: { id: 'm1', hostname: 'web-1', ip: '10.0.0.1' },
      credentialId: 'c-key',
    });
  });

  it('says when the machine is gone', async () => {
    renderDialog([], { machineId: 'gone' });
    expect(
      await screen.findByText('Could not load the machine'),
    ).toBeInTheDocument();
    expect(screen.getByText('no machine gone')).toBeInTheDocument();
    expect(openButton()).toBeDisabled();
  });

  it('tells what is recorded and when sessions close', () => {
    const settings = {
      idleTimeoutMs: 30 * 60_000,
      idleWarningMs: 60_000,
      maxDurationMs: 12 * 3_600_000,
      maxSessionsPerUser: 5,
      recordInput: false,
      retentionDays: 90,
    };
    expect(describeSettings(settings)).toBe(
      'Terminal sessions are recorded (their output, not your keystrokes) and kept 90 days. A session closes after 30 minutes without input, and after 12 hours in any case.',
    );
    expect(describeSettings({ ...settings, recordInput: true })).toContain(
      'their output and your keystrokes',
    );
  });
});
