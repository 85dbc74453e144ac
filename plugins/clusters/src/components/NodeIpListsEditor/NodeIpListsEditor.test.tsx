import { useState } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import type { IpLookup } from '@opssight/plugin-clusters-common';
import { NodeIpListsEditor } from './NodeIpListsEditor';
import {
  EMPTY_NODE_IP_LISTS,
  splitIpText,
  type NodeIpLists,
} from './nodeIpLists';

jest.setTimeout(60_000);
const userEvent = userEventLib.setup({ delay: null });

const KNOWN: Record<string, IpLookup> = {
  '10.0.0.1': {
    ip: '10.0.0.1',
    machine: { id: 'm1', hostname: 'node-1', hostKeyPinned: true },
    clusters: [],
  },
  '10.0.0.2': { ip: '10.0.0.2', machine: null, clusters: ['staging'] },
};

function fakeLookup() {
  return jest.fn(async (ips: string[]) =>
    ips.map(ip => KNOWN[ip] ?? { ip, machine: null, clusters: [] }),
  );
}

function renderEditor(
  initial: NodeIpLists = EMPTY_NODE_IP_LISTS,
  lookup = fakeLookup(),
) {
  const values: NodeIpLists[] = [];
  function Harness() {
    const [value, setValue] = useState(initial);
    return (
      <NodeIpListsEditor
        value={value}
        lookupDelayMs={0}
        lookup={lookup}
        onChange={next => {
          values.push(next);
          setValue(next);
        }}
      />
    );
  }
  render(<Harness />);
  return { lookup, last: () => values[values.length - 1] };
}

const masters = () => within(screen.getByRole('group', { name: 'Masters' }));
const workers = () => within(screen.getByRole('group', { name: 'Workers' }));

describe('splitIpText', () => {
  it('splits on white space, commas, semicolons and new lines', () => {
    expect(
      splitIpText(' 10.0.0.1,10.0.0.2;\n10.0.0.3\t\r\n 10.0.0.4 ,'),
    ).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
  });
});

describe('NodeIpListsEditor', () => {
  it('makes a row of each IP pasted at once', async () => {
    const { last } = renderEditor();
    await userEvent.click(
      masters().getByRole('textbox', { name: 'Add masters' }),
    );
    await userEvent.paste('10.0.0.5, 10.0.0.6\n10.0.0.7');
    expect(masters().getByRole('textbox', { name: 'Master 1 IP' })).toHaveValue(
      '10.0.0.5',
    );
    expect(masters().getByRole('textbox', { name: 'Master 3 IP' })).toHaveValue(
      '10.0.0.7',
    );
    expect(masters().getByRole('textbox', { name: 'Add masters' })).toHaveValue(
      '',
    );
    expect(last().masters).toEqual(['10.0.0.5', '10.0.0.6', '10.0.0.7']);

    // A paste into a row adds as many rows as IPs after the row's own.
    await userEvent.click(
      masters().getByRole('textbox', { name: 'Master 2 IP' }),
    );
    await userEvent.paste('10.0.0.8 10.0.0.9');
    expect(last().masters).toEqual([
      '10.0.0.5',
      '10.0.0.6',
      '10.0.0.8',
      '10.0.0.9',
      '10.0.0.7',
    ]);

    // Typing and Enter adds too; removing drops the row.
    await userEvent.type(
      workers().getByRole('textbox', { name: 'Add workers' }),
      '10.0.1.1{Enter}',
    );
    expect(last().workers).toEqual(['10.0.1.1']);
    await userEvent.click(
      masters().getByRole('button', { name: 'Remove master 1 (10.0.0.5)' }),
    );
    expect(last().masters).toEqual([
      '10.0.0.6',
      '10.0.0.8',
      '10.0.0.9',
      '10.0.0.7',
    ]);
  });

  it('fills blank rows first with IPs added at once', async () => {
    const { last } = renderEditor({ masters: [''], workers: [], register: [] });
    await userEvent.click(
      masters().getByRole('textbox', { name: 'Add masters' }),
    );
    await userEvent.paste('10.0.0.5 10.0.0.6');
    expect(last().masters).toEqual(['10.0.0.5', '10.0.0.6']);
  });

  it('flags an IP listed twice at its second occurrence, across the lists', async () => {
    renderEditor({
      masters: ['10.0.0.1', '10.0.0.300'],
      workers: ['10.0.0.1'],
      register: [],
    });
    expect(
      workers().getByText('10.0.0.1 is already listed as master 1'),
    ).toBeInTheDocument();
    expect(
      masters().getByText("'10.0.0.300' is not a valid IPv4 or IPv6 address"),
    ).toBeInTheDocument();
    expect(
      masters().getByRole('textbox', { name: 'Master 1 IP' }),
    ).not.toHaveAttribute('aria-invalid', 'true');
    expect(
      workers().getByRole('textbox', { name: 'Worker 1 IP' }),
    ).toHaveAttribute('aria-invalid', 'true');
  });

  it('warns, without blocking, of an even number of masters', async () => {
    renderEditor({ masters: ['10.0.0.1'], workers: [], register: [] });
    expect(screen.queryByText(/etcd needs a majority/)).not.toBeInTheDocument();
    await userEvent.type(
      masters().getByRole('textbox', { name: 'Add masters' }),
      '10.0.0.3{Enter}',
    );
    expect(
      masters().getByText(/^2 masters: etcd needs a majority/),
    ).toBeInTheDocument();
  });

  it('says which IPs are registered machines, and which are in another cluster', async () => {
    const { lookup } = renderEditor({
      masters: ['10.0.0.1'],
      workers: ['10.0.0.2'],
      register: [],
    });
    expect(
      await masters().findByText('registered: node-1'),
    ).toBeInTheDocument();
    expect(workers().getByText('not registered')).toBeInTheDocument();
    expect(workers().getByText('also in cluster staging')).toBeInTheDocument();
    expect(lookup).toHaveBeenCalledWith(['10.0.0.1', '10.0.0.2']);
  });

  it('registers unregistered IPs under the host name given, unless told not to', async () => {
    const { last } = renderEditor({
      masters: ['10.0.0.1'],
      workers: ['10.0.0.2'],
      register: [],
    });
    const register = await workers().findByRole('checkbox', {
      name: 'Register 10.0.0.2',
    });
    expect(register).toBeChecked();
    await waitFor(() =>
      expect(last().register).toEqual([{ ip: '10.0.0.2', hostname: '' }]),
    );

    await userEvent.type(
      workers().getByRole('textbox', { name: 'Host name for 10.0.0.2' }),
      'node-2',
    );
    expect(last().register).toEqual([{ ip: '10.0.0.2', hostname: 'node-2' }]);

    await userEvent.click(register);
    expect(last().register).toEqual([]);
    expect(
      workers().getByText(/Only registered machines can be nodes/),
    ).toBeInTheDocument();

    // Ticked again, the host name typed before comes back.
    await userEvent.click(register);
    expect(last().register).toEqual([{ ip: '10.0.0.2', hostname: 'node-2' }]);
  });

  it('shows a failed lookup and tries again on request', async () => {
    const lookup = jest
      .fn()
      .mockRejectedValueOnce(new Error('clusters backend down'))
      .mockImplementation(fakeLookup());
    renderEditor({ masters: ['10.0.0.1'], workers: [], register: [] }, lookup);
    expect(
      await screen.findByText(/clusters backend down/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('registered: node-1')).toBeInTheDocument();
  });
});
