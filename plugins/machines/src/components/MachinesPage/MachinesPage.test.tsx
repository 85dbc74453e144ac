import { screen, waitFor, within } from '@testing-library/react';
import {
  fakeMachinesApi,
  makeConnectionTestJob,
  makeConnectionTestTarget,
  makeGroup,
  makeMachine,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import { connectionTestEvents } from '../../testing/connectionTestEvents';
import { renderMachines } from '../../__testUtils__/renderMachines';
import {
  userEvent,
  choose,
  waitForLastCall,
} from '@opssight/plugin-api-react/testing';
import { MachinesPage } from './MachinesPage';

jest.setTimeout(20_000);

const web1 = makeMachine({
  id: 'm1',
  ip: '10.0.0.1',
  hostname: 'web-1',
  groups: ['web'],
  tags: ['prod'],
});
const db1 = makeMachine({
  id: 'm2',
  ip: '10.0.0.2',
  hostname: 'db-1',
  groups: ['db'],
});

function renderPage(
  api: ReturnType<typeof fakeMachinesApi>,
  events = connectionTestEvents(),
) {
  renderMachines(<MachinesPage />, { api, events });
}

describe('MachinesPage', () => {
  // Filters live in the URL: each test starts from a clean one.
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('offers both ways to add machines when there are none', async () => {
    renderPage(fakeMachinesApi());
    expect(await screen.findByText('No machines yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Bulk add' }));
    expect(
      await screen.findByRole('dialog', { name: 'Bulk add machines' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Bulk add machines' }),
      ).not.toBeInTheDocument(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add machine' }));
    expect(
      await screen.findByRole('dialog', { name: 'Add machine' }),
    ).toBeInTheDocument();
  });

  it('offers every action to those allowed', async () => {
    renderPage(
      fakeMachinesApi({
        listMachines: jest.fn(async () => ({ items: [web1], totalCount: 1 })),
      }),
    );
    expect(
      await screen.findByRole('button', { name: 'Add machine' }),
    ).toBeInTheDocument();
    for (const name of [
      'Bulk add',
      'Groups',
      'Test connection',
      'Test connection to web-1',
      'Edit web-1',
      'Delete web-1',
    ]) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(
      screen.getByRole('checkbox', { name: 'Select web-1' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open terminal on web-1' }),
    ).toHaveAttribute('href', '/terminal?machine=m1');
  });

  it('shows why the list could not be loaded', async () => {
    renderPage(
      fakeMachinesApi({
        listMachines: jest.fn(async () => {
          throw new Error('backend unavailable');
        }),
      }),
    );
    expect(
      await screen.findByText(/Could not load machines/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend unavailable/).length).toBeGreaterThan(
      0,
    );
  });

  it('searches and filters on the server, starting from the first page', async () => {
    const api = fakeMachinesApi({
      listMachines: jest.fn(async () => ({
        items: [web1, db1],
        totalCount: 2,
      })),
      listGroups: jest.fn(async () => [
        makeGroup({ id: 'g1', name: 'web', machineCount: 1 }),
      ]),
      listTags: jest.fn(async () => [{ name: 'prod', machineCount: 1 }]),
    });
    renderPage(api);
    expect(await screen.findByText('web-1')).toBeInTheDocument();
    expect(api.listMachines).toHaveBeenLastCalledWith({
      limit: 25,
      offset: 0,
      orderBy: 'hostname',
      order: 'asc',
    });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search machines' }),
      '10.0',
    );
    await waitForLastCall(
      api.listMachines,
      expect.objectContaining({ q: '10.0' }),
    );
    // Debounced: one request for the whole word, not one per key.
    expect(
      api.listMachines.mock.calls.filter(([query]) => query?.q),
    ).toHaveLength(1);

    await choose('Tag', 'prod (1)');
    await waitForLastCall(
      api.listMachines,
      expect.objectContaining({ q: '10.0', tag: 'prod', offset: 0 }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'IP' }));
    await waitForLastCall(
      api.listMachines,
      expect.objectContaining({ orderBy: 'ip', order: 'asc' }),
    );
  });

  it('keeps search, group and tag in the URL, and clears them all at once', async () => {
    window.history.replaceState(null, '', '/machines?q=web&group=web&tag=prod');
    const api = fakeMachinesApi({
      listMachines: jest.fn(async () => ({ items: [web1], totalCount: 1 })),
      listGroups: jest.fn(async () => [
        makeGroup({ id: 'g1', name: 'web', machineCount: 1 }),
        makeGroup({ id: 'g2', name: 'db', machineCount: 1 }),
      ]),
      listTags: jest.fn(async () => [{ name: 'prod', machineCount: 1 }]),
    });
    renderPage(api);
    expect(await screen.findByText('web-1')).toBeInTheDocument();
    // A bookmarked or shared URL opens the same filtered list.
    expect(api.listMachines).toHaveBeenLastCalledWith(
      expect.objectContaining({ q: 'web', group: 'web', tag: 'prod' }),
    );
    expect(
      screen.getByRole('textbox', { name: 'Search machines' }),
    ).toHaveValue('web');

    await choose('Group', 'db (1)');
    await waitFor(() =>
      expect(new URLSearchParams(window.location.search).get('group')).toBe(
        'db',
      ),
    );
    expect(window.location.pathname).toBe('/machines');

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() => expect(window.location.search).toBe(''));
    await waitForLastCall(api.listMachines, {
      limit: 25,
      offset: 0,
      orderBy: 'hostname',
      order: 'asc',
    });
    expect(
      screen.getByRole('textbox', { name: 'Search machines' }),
    ).toHaveValue('');
  });

  it('tests the selected machines and follows the test live', async () => {
    const queued = makeConnectionTestJob({
      status: 'queued',
      finishedAt: null,
      params: { machineIds: ['m1', 'm2'], machineCount: 2 },
      progress: { total: 2, done: 0, failed: 0 },
    });
    const ok = makeResult({ machineId: 'm1', latencyMs: 7 });
    const timedOut = makeResult({
      machineId: 'm2',
      reachable: false,
      sshOk: false,
      errorKind: 'timeout',
      latencyMs: null,
      message: 'no answer within 5 s',
    });
    const running = {
      ...queued,
      status: 'running' as const,
      progress: { total: 2, done: 1, failed: 0 },
    };
    const finished = {
      ...queued,
      status: 'failed' as const,
      finishedAt: new Date().toISOString(),
      progress: { total: 2, done: 2, failed: 1 },
    };
    const events = connectionTestEvents([
      {
        events: [
          { type: 'job', job: queued },
          {
            type: 'targets',
            targets: [
              makeConnectionTestTarget({ machineId: 'm1' }),
              makeConnectionTestTarget({ machineId: 'm2' }),
            ],
          },
        ],
        keepOpen: true,
      },
    ]);
    const api = fakeMachinesApi({
      listMachines: jest.fn(async () => ({
        items: [web1, db1],
        totalCount: 2,
      })),
      startConnectionTest: jest.fn(async () => queued),
    });
    renderPage(api, events);
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Select web-1' }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select db-1' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Test selected' }),
    );
    expect(api.startConnectionTest).toHaveBeenCalledWith({
      machineIds: ['m1', 'm2'],
    });
    // Followed over the test's event stream, never polled.
    await waitFor(() =>
      expect(events.server.requests.map(r => r.url)).toEqual([
        'http://localhost:7007/api/machines/connection-tests/test-1/events',
      ]),
    );
    expect(await screen.findAllByText('testing…')).toHaveLength(2);

    events.server.send({ type: 'job', job: running });
    events.server.send({
      type: 'target',
      target: makeConnectionTestTarget(ok),
    });
    const progress = await screen.findByRole('progressbar', {
      name: 'Job progress',
    });
    await waitFor(() =>
      expect(progress).toHaveAttribute('aria-valuetext', '1 / 2 done'),
    );
    expect(await screen.findByText('SSH ok · 7 ms')).toBeInTheDocument();
    expect(screen.getAllByText('testing…')).toHaveLength(1);

    events.server.send({
      type: 'target',
      target: makeConnectionTestTarget(timedOut),
    });
    events.server.send({ type: 'job', job: finished });
    events.server.send({ type: 'end', job: finished });
    await waitFor(() =>
      expect(progress).toHaveAttribute(
        'aria-valuetext',
        '2 / 2 done · 1 failed',
      ),
    );
    expect(await screen.findByText('timeout')).toBeInTheDocument();
    expect(screen.getByTestId('connection-test-failed')).toHaveTextContent(
      '1 failed',
    );
    expect(
      screen.getByText('Connection test of 2 machines finished'),
    ).toBeInTheDocument();
    expect(api.getConnectionTest).not.toHaveBeenCalled();
    // The list is refreshed once the test ends.
    await waitFor(() => expect(api.listMachines).toHaveBeenCalledTimes(2));

    // Retest failed: a new test of the machines that failed.
    await userEvent.click(
      screen.getByRole('button', { name: 'Retest failed' }),
    );
    expect(api.startConnectionTest).toHaveBeenLastCalledWith({
      machineIds: ['m2'],
    });
  });

  it('tests a whole group from the test menu when filtering by group', async () => {
    const api = fakeMachinesApi({
      listMachines: jest.fn(async () => ({ items: [db1], totalCount: 1 })),
      listGroups: jest.fn(async () => [
        makeGroup({ id: 'g2', name: 'db', machineCount: 1 }),
      ]),
    });
    renderPage(api);
    await choose('Group', 'db (1)');
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: 'Group db' }),
    );
    expect(api.startConnectionTest).toHaveBeenCalledWith({ group: 'db' });
  });

  it('deletes a machine after confirmation', async () => {
    const api = fakeMachinesApi({
      listMachines: jest.fn(async () => ({ items: [web1], totalCount: 1 })),
    });
    renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete web-1' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Delete web-1?' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete machine' }),
    );
    await waitFor(() => expect(api.deleteMachine).toHaveBeenCalledWith('m1'));
    expect(await screen.findByText('Deleted web-1')).toBeInTheDocument();
  });
});
