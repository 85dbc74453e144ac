import { useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { Machine } from '@opssight/plugin-machines-common';
import {
  fakeMachineRegistry,
  fakeMachinesApi,
  makeMachine,
} from '../../testing';
import { machinesApiRef } from '../../api';
import { MachinePicker } from './MachinePicker';
import { expectButtons } from '@opssight/plugin-api-react/testing';

jest.setTimeout(20_000);
const userEvent = userEventLib.setup({ delay: null });

const web1 = makeMachine({ id: 'm1', hostname: 'web-1', ip: '10.0.0.1' });
const web2 = makeMachine({ id: 'm2', hostname: 'web-2', ip: '10.0.0.2' });
const db1 = makeMachine({ id: 'm3', hostname: 'db-1', ip: '10.0.0.3' });

function OnePicker(props: { onChange: (m: Machine | null) => void }) {
  const [value, setValue] = useState<Machine | null>(null);
  return (
    <MachinePicker
      value={value}
      onChange={m => {
        setValue(m);
        props.onChange(m);
      }}
    />
  );
}

function SeveralPicker(props: {
  onChange: (m: Machine[]) => void;
  error?: string;
}) {
  const [value, setValue] = useState<Machine[]>([]);
  return (
    <MachinePicker
      multiple
      value={value}
      error={props.error}
      onChange={m => {
        setValue(m);
        props.onChange(m);
      }}
    />
  );
}

describe('MachinePicker', () => {
  it('searches the registry as the user types and picks one machine', async () => {
    const registry = fakeMachineRegistry([web1, web2, db1]);
    const onChange = jest.fn();
    await renderInTestApp(<OnePicker onChange={onChange} />, {
      apis: [registry.pair],
    });
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Machine' }),
      'db',
    );
    await waitFor(() =>
      expect(registry.api.listMachines).toHaveBeenLastCalledWith({
        q: 'db',
        limit: 50,
        orderBy: 'hostname',
        order: 'asc',
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('option', { name: /web-1/ }),
      ).not.toBeInTheDocument(),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'db-1 (10.0.0.3)' }),
    );
    expect(onChange).toHaveBeenLastCalledWith(db1);
    expect(screen.getByRole('combobox', { name: 'Machine' })).toHaveValue(
      'db-1 (10.0.0.3)',
    );
  });

  it('picks several machines with multiple, and shows what is wrong with the pick', async () => {
    const registry = fakeMachineRegistry([web1, web2, db1]);
    const onChange = jest.fn();
    await renderInTestApp(
      <SeveralPicker onChange={onChange} error="Pick at least one machine" />,
      { apis: [registry.pair] },
    );
    expect(screen.getByText('Pick at least one machine')).toBeInTheDocument();
    const box = screen.getByRole('combobox', { name: 'Machines' });
    await userEvent.type(box, 'web');
    await userEvent.click(
      await screen.findByRole('option', { name: 'web-1 (10.0.0.1)' }),
    );
    await userEvent.type(box, 'web-2');
    await userEvent.click(
      await screen.findByRole('option', { name: 'web-2 (10.0.0.2)' }),
    );
    expect(onChange).toHaveBeenLastCalledWith([web1, web2]);
    // Each picked machine is a chip that can be removed again.
    expectButtons(['web-1 (10.0.0.1)', 'web-2 (10.0.0.2)']);
  });

  it('says when the registry cannot be searched', async () => {
    const api = fakeMachinesApi({
      listMachines: async () => {
        throw new Error('registry down');
      },
    });
    await renderInTestApp(<OnePicker onChange={jest.fn()} />, {
      apis: [[machinesApiRef, api]],
    });
    expect(
      await screen.findByText('Could not load machines: registry down'),
    ).toBeInTheDocument();
  });
});
