import { screen } from '@testing-library/react';
import { useConnectionTest } from '../../hooks/useConnectionTest';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import { ConnectionTestCredentialSelect } from './ConnectionTestCredentialSelect';
import { renderMachines } from '../../__testUtils__/renderMachines';
import {
  choose,
  userEvent,
  waitForLastCall,
  expectOptions,
} from '@opssight/plugin-api-react/testing';

jest.setTimeout(20_000);

const deployKey = makeSshKey();

/** The picker beside a button that starts a test, as the machines page has them. */
function Harness() {
  const connection = useConnectionTest();
  return (
    <>
      <ConnectionTestCredentialSelect state={connection} />
      <button onClick={() => connection.start({ all: true })}>Test all</button>
      <button
        onClick={() =>
          connection.start({ machineIds: ['m1'], credentialId: 'own' })
        }
      >
        Test with its own
      </button>
    </>
  );
}

function render(vault?: ReturnType<typeof fakeVaultApi>) {
  return renderMachines(<Harness />, { apis: vault ? [vault] : [] });
}

describe('ConnectionTestCredentialSelect', () => {
  it("tests with each machine's default credential until the user picks one", async () => {
    const api = render(fakeVaultApi([deployKey]));
    const picker = await screen.findByRole('combobox', { name: 'Log in with' });
    expect(picker).toHaveTextContent("Each machine's default credential");
    await userEvent.click(screen.getByRole('button', { name: 'Test all' }));
    expect(api.startConnectionTest).toHaveBeenLastCalledWith({ all: true });

    const options = await expectOptions(picker, [
      "Each machine's default credential",
      'No credential (handshake only)',
      'deploy key · SSH key · deploy',
    ]);
    await userEvent.click(options[2]);
    await userEvent.click(screen.getByRole('button', { name: 'Test all' }));
    await waitForLastCall(api.startConnectionTest, {
      all: true,
      credentialId: deployKey.id,
    });
    // A request that names its credential keeps it.
    await userEvent.click(
      screen.getByRole('button', { name: 'Test with its own' }),
    );
    expect(api.startConnectionTest).toHaveBeenLastCalledWith({
      machineIds: ['m1'],
      credentialId: 'own',
    });

    await choose('Log in with', 'No credential (handshake only)');
    await userEvent.click(screen.getByRole('button', { name: 'Test all' }));
    await waitForLastCall(api.startConnectionTest, {
      all: true,
      credentialId: null,
    });

    await choose('Log in with', "Each machine's default credential");
    await userEvent.click(screen.getByRole('button', { name: 'Test all' }));
    await waitForLastCall(api.startConnectionTest, { all: true });
  });

  it('is not there in an app without the vault', async () => {
    render();
    await screen.findByRole('button', { name: 'Test all' });
    expect(
      screen.queryByRole('combobox', { name: 'Log in with' }),
    ).not.toBeInTheDocument();
  });
});
