import { screen } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  fakeMachinesApi,
  makeMachine,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import {
  machineEntity,
  machineReader,
  renderMachines,
} from '../../__testUtils__/renderMachines';
import { EntityMachineContent } from './EntityMachineContent';
import { expectNoButtons } from '@opssight/plugin-api-react/testing';

// usePermission caches decisions per module, so each role gets its own test file.
describe('EntityMachineContent for a viewer', () => {
  it('shows the machine and its status, but neither tests it nor forgets its key', async () => {
    renderMachines(
      <EntityProvider
        entity={machineEntity({ 'opssight.io/machine-id': 'm1' })}
      >
        <EntityMachineContent />
      </EntityProvider>,
      {
        api: fakeMachinesApi({
          getMachine: jest.fn(async () =>
            makeMachine({
              id: 'm1',
              ip: '10.0.0.1',
              lastCheck: makeResult({
                machineId: 'm1',
                sshOk: false,
                errorKind: 'hostkey',
                fingerprint: 'SHA256:other',
              }),
            }),
          ),
        }),
        role: machineReader,
        terminal: false,
      },
    );
    expect(await screen.findByText('10.0.0.1')).toBeInTheDocument();
    expect(screen.getByTestId('connection-status')).toHaveTextContent(
      'host key changed',
    );
    expectNoButtons(['Test connection', 'Forget pinned key']);
  });
});
