import { screen, waitFor, within } from '@testing-library/react';
import {
  fakeMachinesApi,
  makeMachine,
} from '@opssight/plugin-machines-react/testing';
import { BulkAddDialog } from './BulkAddDialog';
import { renderMachines } from '../../__testUtils__/renderMachines';
import { userEvent } from '@opssight/plugin-api-react/testing';

jest.setTimeout(20_000);

function renderDialog(api = fakeMachinesApi()) {
  const handlers = { onClose: jest.fn(), onImported: jest.fn() };
  renderMachines(<BulkAddDialog open {...handlers} />, { api });
  return { api, ...handlers };
}

const PASTED = [
  '10.0.0.1,web-1,shop,web;prod,linux',
  '10.0.0.2,bad_host,shop,,',
  '10.0.0.3,web-3,shop,web,',
].join('\n');

describe('BulkAddDialog', () => {
  it('sends the pasted text and lists the rejected rows, staying open', async () => {
    const api = fakeMachinesApi({
      bulkImport: jest.fn(async () => ({
        created: [
          makeMachine({ id: 'a', ip: '10.0.0.1', hostname: 'web-1' }),
          makeMachine({ id: 'b', ip: '10.0.0.3', hostname: 'web-3' }),
        ],
        rejected: [
          {
            line: 2,
            text: '10.0.0.2,bad_host,shop,,',
            reason: "hostname: 'bad_host' is not a valid host name",
          },
        ],
        rejectedCount: 1,
      })),
    });
    const { onClose, onImported } = renderDialog(api);

    const box = await screen.findByRole('textbox', {
      name: 'Machines, one per line',
    });
    await userEvent.click(box);
    await userEvent.paste(PASTED);
    await userEvent.click(screen.getByRole('button', { name: 'Add machines' }));

    expect(await screen.findByText('2 added')).toBeInTheDocument();
    expect(screen.getByText('1 rejected')).toBeInTheDocument();
    expect(api.bulkImport).toHaveBeenCalledWith(PASTED);

    const rejected = screen.getByRole('table', { name: 'Rejected rows' });
    const rows = within(rejected).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText('2')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('10.0.0.2,bad_host,shop,,'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(
        "hostname: 'bad_host' is not a valid host name",
      ),
    ).toBeInTheDocument();

    // Still open, with only the rejected line left to fix.
    expect(onClose).not.toHaveBeenCalled();
    expect(onImported).toHaveBeenCalledTimes(1);
    expect(
      screen.getByRole('textbox', { name: 'Machines, one per line' }),
    ).toHaveValue('10.0.0.2,bad_host,shop,,');
  });

  it('says how many rejected rows are not listed', async () => {
    const api = fakeMachinesApi({
      bulkImport: jest.fn(async () => ({
        created: [],
        rejected: Array.from({ length: 50 }, (_, i) => ({
          line: i + 1,
          text: `bad ${i}`,
          reason: 'ip: is required',
        })),
        rejectedCount: 4000,
      })),
    });
    renderDialog(api);
    await userEvent.click(
      await screen.findByRole('textbox', { name: 'Machines, one per line' }),
    );
    await userEvent.paste('bad');
    await userEvent.click(screen.getByRole('button', { name: 'Add machines' }));
    expect(await screen.findByText('4000 rejected')).toBeInTheDocument();
    expect(
      screen.getByText(/The first 50 of 4000 rejected lines are listed/),
    ).toBeInTheDocument();
  });

  it('closes when every row was added', async () => {
    const api = fakeMachinesApi({
      bulkImport: jest.fn(async () => ({
        created: [makeMachine()],
        rejected: [],
        rejectedCount: 0,
      })),
    });
    const { onClose, onImported } = renderDialog(api);
    await userEvent.click(
      await screen.findByRole('textbox', { name: 'Machines, one per line' }),
    );
    await userEvent.paste('10.0.0.1,web-1');
    await userEvent.click(screen.getByRole('button', { name: 'Add machines' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onImported).toHaveBeenCalledWith({
      created: [makeMachine()],
      rejected: [],
      rejectedCount: 0,
    });
  });

  it('reads a picked CSV file in the browser and sends its text', async () => {
    const { api } = renderDialog();
    const csv =
      'ip,hostname,application,groups,tags\n10.0.0.7,db-7,pg,db,prod\n';
    await userEvent.upload(
      await screen.findByTestId('bulk-add-file'),
      new File([csv], 'hosts.csv', { type: 'text/csv' }),
    );
    expect(await screen.findByText('hosts.csv — 2 lines')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add machines' }));
    await waitFor(() => expect(api.bulkImport).toHaveBeenCalledWith(csv));
  });

  it('shows a server error and keeps the text', async () => {
    const api = fakeMachinesApi({
      bulkImport: jest.fn(async () => {
        throw new Error('text: must be at most 5000000 characters');
      }),
    });
    const { onClose } = renderDialog(api);
    await userEvent.click(
      await screen.findByRole('textbox', { name: 'Machines, one per line' }),
    );
    await userEvent.paste('10.0.0.1,web-1');
    await userEvent.click(screen.getByRole('button', { name: 'Add machines' }));
    expect(
      await screen.findByText('text: must be at most 5000000 characters'),
    ).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    expect(
      screen.getByRole('textbox', { name: 'Machines, one per line' }),
    ).toHaveValue('10.0.0.1,web-1');
  });
});
