import { screen, waitFor } from '@testing-library/react';
import {
  fakeMachinesApi,
  makeMachine,
} from '@opssight/plugin-machines-react/testing';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import { renderMachines } from '../../__testUtils__/renderMachines';
import { userEvent, choose } from '@opssight/plugin-api-react/testing';
import { MachinesPage } from './MachinesPage';

jest.setTimeout(20_000);

const deployKey = makeSshKey();

// usePermission caches decisions per module: the viewer's page (no test button, no pick) is in MachinesPage.viewer.test.tsx.
function renderPage() {
  const api = fakeMachinesApi({
    listMachines: jest.fn(async () => ({
      items: [makeMachine({ id: 'm1', hostname: 'web-1' })],
      totalCount: 1,
    })),
  });
  return renderMachines(<MachinesPage />, {
    api,
    apis: [fakeVaultApi([deployKey])],
  });
}

describe('MachinesPage connection test credentials', () => {
  it('tests with the credential picked beside the test button', async () => {
    const api = renderPage();
    await choose('Log in with', 'deploy key · SSH key · deploy');
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection to web-1' }),
    );
    await waitFor(() =>
      expect(api.startConnectionTest).toHaveBeenCalledWith({
        machineIds: ['m1'],
        credentialId: deployKey.id,
      }),
    );
  });
});
