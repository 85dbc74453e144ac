import { screen, waitFor, within } from '@testing-library/react';
import { userEvent, failingWith } from '@opssight/plugin-api-react/testing';
import {
  fakeMachinesApi,
  makeMachine,
} from '@opssight/plugin-machines-react/testing';
import { DeleteMachineDialog } from './DeleteMachineDialog';
import { renderMachines } from '../../__testUtils__/renderMachines';

jest.setTimeout(20_000);

const web1 = makeMachine({ id: 'm1', ip: '10.0.0.1', hostname: 'web-1' });

function renderDialog(api: ReturnType<typeof fakeMachinesApi>) {
  const handlers = { onDeleted: jest.fn(), onClose: jest.fn() };
  renderMachines(<DeleteMachineDialog machine={web1} {...handlers} />, { api });
  return handlers;
}

describe('DeleteMachineDialog', () => {
  it('names the clusters a node belongs to, and removes it from them before deleting when asked', async () => {
    const calls: string[] = [];
    const api = fakeMachinesApi({
      clustersOfMachine: jest.fn(async () => ['prod-eu', 'staging']),
      removeFromClusters: jest.fn(async (_ip: string, names: string[]) => {
        calls.push(`leave ${names.join(',')}`);
      }),
      deleteMachine: jest.fn(async () => {
        calls.push('delete');
      }),
    });
    const { onDeleted } = renderDialog(api);
    const warning = await screen.findByTestId('delete-machine-clusters');
    expect(warning).toHaveTextContent(
      'web-1 is a node of clusters prod-eu, staging: it can be deleted only once it has left them.',
    );
    expect(api.clustersOfMachine).toHaveBeenCalledWith('10.0.0.1');

    await userEvent.click(
      within(warning).getByRole('checkbox', {
        name: 'Remove it from these clusters too',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete machine' }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(api.removeFromClusters).toHaveBeenCalledWith('10.0.0.1', [
      'prod-eu',
      'staging',
    ]);
    expect(calls).toEqual(['leave prod-eu,staging', 'delete']);
  });

  it("without the option, shows the backend's refusal and deletes nothing", async () => {
    const api = fakeMachinesApi({
      clustersOfMachine: jest.fn(async () => ['prod-eu']),
      removeFromClusters: jest.fn(async () => undefined),
      deleteMachine: failingWith(
        409,
        'ConflictError',
        'web-1 is a node of cluster prod-eu: remove it from that cluster first',
      ),
    });
    const { onDeleted } = renderDialog(api);
    expect(
      await screen.findByRole('checkbox', {
        name: 'Remove it from this cluster too',
      }),
    ).not.toBeChecked();
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete machine' }),
    );
    expect(
      await screen.findByText(
        'web-1 is a node of cluster prod-eu: remove it from that cluster first',
      ),
    ).toBeInTheDocument();
    expect(api.removeFromClusters).not.toHaveBeenCalled();
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it('asks nothing more of a machine in no cluster', async () => {
    const api = fakeMachinesApi({
      deleteMachine: jest.fn(async () => undefined),
    });
    const { onDeleted } = renderDialog(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete machine' }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(
      screen.queryByTestId('delete-machine-clusters'),
    ).not.toBeInTheDocument();
  });
});
