import { screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  captureDownloads,
  expectPagesOf25,
  setDateRange,
  expectNoButtons,
  failingWith,
  userEvent,
  waitForLastCall,
} from '@opssight/plugin-api-react/testing';
import { auditApiRef } from '../../api';
import { fakeAuditApi, makeAction } from '../../testing/fakeAuditApi';
import { AuditPage } from './AuditPage';

jest.setTimeout(45_000);

function renderPage(api: ReturnType<typeof fakeAuditApi>) {
  renderInTestApp(<AuditPage />, { apis: [[auditApiRef, api]] });
}

const created = makeAction(
  {
    seq: 2,
    action: 'credential-create',
    plugin: 'vault',
    target: null,
    requestId: 'req-2',
    details: { meta: { name: 'deploy key', kind: 'ssh-key' } },
  },
  {
    outcome: 'succeeded',
    details: {
      meta: { name: 'deploy key', kind: 'ssh-key', id: 'c-1' },
    },
  },
  {
    text: 'c-1',
    kind: 'credential',
    id: 'c-1',
    name: 'deploy key',
  },
);

const denied = makeAction(
  {
    seq: 1,
    outcome: 'denied',
    actor: 'user:default/viewer',
    action: 'trail-read',
    plugin: 'audit',
  },
  null,
);

describe('AuditPage', () => {
  // MUI prefixes its class names in Backstage apps (v5-MuiChip-…): match the ending.
  it('lists one row per action, newest first, with its outcome and named target, and opens both entries', async () => {
    renderPage(
      fakeAuditApi({
        listActions: jest.fn(async () => ({
          items: [created, denied],
          totalCount: 2,
        })),
      }),
    );
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows.map(r => r.dataset.seq)).toEqual(['2', '1']);
    expect(screen.getByTestId('audit-count')).toHaveTextContent('2 actions');
    // The credential by its name, linked to its page; no id on screen.
    const target = within(rows[0]).getByRole('link', { name: 'deploy key' });
    expect(target).toHaveAttribute('href', '/credentials');
    expect(rows[0]).not.toHaveTextContent('c-1');
    const outcomes = screen.getAllByTestId('outcome');
    expect(outcomes[0]).toHaveTextContent('succeeded');
    expect(outcomes[0].className).toMatch(/MuiChip-colorSuccess\b/);
    expect(outcomes[1]).toHaveTextContent('denied');
    expect(outcomes[1].className).toMatch(/MuiChip-colorWarning\b/);
    // The actor by name, with the address the request came from.
    expect(within(rows[1]).getByText('viewer')).toBeInTheDocument();
    expect(within(rows[1]).getByText('127.0.0.1')).toBeInTheDocument();
    expect(within(rows[0]).getByText('vault')).toBeInTheDocument();

    expect(
      screen.queryByLabelText('Details of entry 2'),
    ).not.toBeInTheDocument();
    await userEvent.click(rows[0]);
    const details = await screen.findByLabelText('Details of entry 2');
    expect(JSON.parse(details.textContent!)).toEqual({
      meta: { name: 'deploy key', kind: 'ssh-key' },
    });
    // The outcome entry, which names the start, opens with it.
    expect(
      JSON.parse(screen.getByLabelText('Details of entry 3').textContent!),
    ).toEqual({ meta: { name: 'deploy key', kind: 'ssh-key', id: 'c-1' } });
    expect(
      screen.getByText(/Ended \(succeeded\): entry #3/),
    ).toBeInTheDocument();
  });

  it('turns the filters into the query, from the first page; actions and plugins are chosen from those in the trail', async () => {
    const api = fakeAuditApi({
      listActionNames: jest.fn(async () => [
        { plugin: 'machines', action: 'machine-create' },
        { plugin: 'machines', action: 'machine-delete' },
        { plugin: 'vault', action: 'credential-read' },
      ]),
      listActions: jest.fn(async () => ({
        items: [created, denied],
        totalCount: 120,
      })),
    });
    renderPage(api);
    await screen.findAllByTestId('audit-row');
    await expectPagesOf25(api.listActions);

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Actor' }),
      'user:default/jane',
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Plugin' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'machines' }),
    );
    // Only the actions of the chosen plugin, and only those that occur.
    await userEvent.click(screen.getByRole('combobox', { name: 'Action' }));
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['Any', 'machine-create', 'machine-delete']);
    await userEvent.click(
      await screen.findByRole('option', { name: 'machine-delete' }),
    );
    await userEvent.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    setDateRange({ from: '2026-01-31T10:00:00' });
    await waitForLastCall(api.listActions, {
      actor: 'user:default/jane',
      action: 'machine-delete',
      plugin: 'machines',
      outcome: 'failed',
      // The browser's wall time, sent as an instant.
      from: new Date('2026-01-31T10:00:00').toISOString(),
      limit: 25,
      offset: 0,
    });
    // Debounced: no request for a half-typed actor.
    expect(
      api.listActions.mock.calls.filter(([q]) => q?.actor === 'user:def'),
    ).toHaveLength(0);
  });

  it('refuses a time range that ends before it starts, without asking the server', async () => {
    const api = fakeAuditApi();
    renderPage(api);
    await screen.findByText('The audit trail is empty.');
    setDateRange({ from: '2026-01-31T10:00:00', to: '2026-01-31T09:00:00' });
    expect(
      await screen.findByText('must be later than From'),
    ).toBeInTheDocument();
    expect(
      api.listActions.mock.calls.filter(([q]) => q?.to !== undefined),
    ).toHaveLength(0);
    expect(
      screen.getByRole('button', { name: 'Export JSON Lines' }),
    ).toBeDisabled();
  });

  it('filters by the request of an entry', async () => {
    const api = fakeAuditApi({
      listActions: jest.fn(async () => ({ items: [created], totalCount: 1 })),
    });
    renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Filter by request req-2' }),
    );
    await waitForLastCall(api.listActions, {
      requestId: 'req-2',
      limit: 25,
      offset: 0,
    });
    expect(screen.getByText('Request req-2')).toBeInTheDocument();
  });

  it('shows an intact chain in green and every broken link in red', async () => {
    const api = fakeAuditApi({
      verifyChain: jest
        .fn()
        .mockResolvedValueOnce({
          ok: true,
          checked: 42,
          broken: [],
          brokenCount: 0,
        })
        .mockResolvedValueOnce({
          ok: false,
          checked: 40,
          broken: [
            { seq: 17, reason: 'hash does not match its content' },
            {
              seq: 30,
              reason: 'entry 30 is missing: entry 31 follows entry 29',
            },
          ],
          brokenCount: 2,
          firstBroken: { seq: 17, reason: 'hash does not match its content' },
        }),
    });
    renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Verify chain' }),
    );
    const ok = await screen.findByRole('alert');
    expect(ok).toHaveTextContent('Chain intact: 42 entries checked');
    expect(ok.className).toMatch(/MuiAlert-filledSuccess\b/);

    await userEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Chain broken: 2 broken links (40 entries checked)',
      ),
    );
    expect(
      within(screen.getByRole('list', { name: 'Broken links' }))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'Entry #17: hash does not match its content',
      'Entry #30: entry 30 is missing: entry 31 follows entry 29',
    ]);
    expect(screen.getByRole('alert').className).toMatch(
      /MuiAlert-filledError\b/,
    );
  });

  it('downloads the export with the current filters', async () => {
    const blob = new Blob(['{"seq":1}\n']);
    const api = fakeAuditApi({
      listActionNames: jest.fn(async () => [
        { plugin: 'vault', action: 'credential-read' },
      ]),
      exportEntries: jest.fn(async () => ({
        blob,
        filename: 'opssight-audit-x.jsonl',
      })),
    });
    const downloads = captureDownloads();
    renderPage(api);
    await screen.findByText('The audit trail is empty.');
    await userEvent.click(screen.getByRole('combobox', { name: 'Plugin' }));
    await userEvent.click(await screen.findByRole('option', { name: 'vault' }));
    await waitForLastCall(
      api.listActions,
      expect.objectContaining({ plugin: 'vault' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Export JSON Lines' }),
    );
    expect(await downloads.downloaded()).toEqual({
      filename: 'opssight-audit-x.jsonl',
      href: 'blob:download',
      blob,
    });
    expect(api.exportEntries).toHaveBeenCalledWith({ plugin: 'vault' });
    expect(downloads.createObjectURL).toHaveBeenCalledWith(blob);
    downloads.restore();
  });

  it('tells non-admins the trail is for admins', async () => {
    renderPage(
      fakeAuditApi({
        listActions: failingWith(
          403,
          'NotAllowedError',
          'Reading the audit trail needs the opssight.audit.read permission',
        ),
      }),
    );
    expect(await screen.findByText('Admins only')).toBeInTheDocument();
    expectNoButtons(['Export JSON Lines']);
  });

  it('shows other errors with a retry', async () => {
    const listActions = jest
      .fn()
      .mockRejectedValueOnce(new Error('database unavailable'))
      .mockResolvedValue({ items: [created], totalCount: 1 });
    renderPage(fakeAuditApi({ listActions }));
    expect(
      await screen.findByText('Could not load the audit trail'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('audit-row')).toHaveLength(1);
  });
});
