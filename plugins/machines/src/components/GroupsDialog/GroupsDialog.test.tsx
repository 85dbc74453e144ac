import { screen, waitFor, within } from '@testing-library/react';
import {
  fakeMachinesApi,
  makeGroup,
} from '@opssight/plugin-machines-react/testing';
import { GroupsDialog } from './GroupsDialog';
import { renderMachines } from '../../__testUtils__/renderMachines';
import {
  userEvent,
  expectButtons,
  retype,
} from '@opssight/plugin-api-react/testing';

jest.setTimeout(20_000);

const groups = [
  makeGroup({ id: 'g1', name: 'db', machineCount: 3 }),
  makeGroup({ id: 'g2', name: 'web', machineCount: 0 }),
];

function renderDialog(
  api = fakeMachinesApi(),
  props: Partial<Parameters<typeof GroupsDialog>[0]> = {},
) {
  const handlers = { onChanged: jest.fn(), onTestGroup: jest.fn() };
  renderMachines(
    <GroupsDialog
      open
      groups={groups}
      loading={false}
      canEdit
      canDelete
      onClose={jest.fn()}
      {...handlers}
      {...props}
    />,
    { api },
  );
  return { api, ...handlers };
}

describe('GroupsDialog', () => {
  it('lists groups with their machine counts and tests one', async () => {
    const { onTestGroup } = renderDialog();
    const row = await screen.findByTestId('group-row-db');
    expect(within(row).getByText('3')).toBeInTheDocument();
    await userEvent.click(
      within(row).getByRole('button', { name: 'Test group db' }),
    );
    expect(onTestGroup).toHaveBeenCalledWith('db');
    expect(
      screen.getByRole('button', { name: 'Test group web' }),
    ).toBeDisabled();
  });

  it('validates and creates a group', async () => {
    const { api, onChanged } = renderDialog();
    const name = await screen.findByRole('textbox', { name: 'New group name' });
    await userEvent.type(name, 'bad name');
    expect(
      screen.getByText(/each group must be 1-63 letters/),
    ).toBeInTheDocument();
    await retype(name, 'cache');
    await userEvent.click(screen.getByRole('button', { name: 'Create group' }));
    await waitFor(() =>
      expect(api.createGroup).toHaveBeenCalledWith({
        name: 'cache',
        description: '',
      }),
    );
    expect(onChanged).toHaveBeenCalled();
  });

  it('renames a group', async () => {
    const { api } = renderDialog();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rename group db' }),
    );
    const field = screen.getByRole('textbox', { name: 'Group name' });
    await retype(field, 'databases{enter}');
    await waitFor(() =>
      expect(api.updateGroup).toHaveBeenCalledWith('g1', {
        name: 'databases',
        description: '',
      }),
    );
  });

  it('says that deleting a group keeps its machines', async () => {
    const { api } = renderDialog();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete group db' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Delete group db?',
    });
    expect(confirm).toHaveTextContent(
      'Deleting a group never deletes machines: its 3 machines stay and just leave the group.',
    );
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Delete group' }),
    );
    await waitFor(() => expect(api.deleteGroup).toHaveBeenCalledWith('g1'));
  });

  it('only lists groups for those who may change nothing', async () => {
    renderDialog(fakeMachinesApi(), {
      canEdit: false,
      canDelete: false,
      onTestGroup: undefined,
    });
    const row = await screen.findByTestId('group-row-db');
    expect(within(row).getByText('3')).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'New group name' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
    expect(screen.getAllByRole('button').map(b => b.textContent)).toEqual([
      'Close',
    ]);
  });

  it('offers each action only with its permission', async () => {
    renderDialog(fakeMachinesApi(), { canDelete: false });
    await screen.findByTestId('group-row-db');
    expectButtons(['Rename group db', 'Test group db']);
    expect(
      screen.queryByRole('button', { name: 'Delete group db' }),
    ).not.toBeInTheDocument();
  });
});
