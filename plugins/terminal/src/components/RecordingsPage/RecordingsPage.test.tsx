import { screen, within } from '@testing-library/react';
import {
  captureDownloads,
  expectPagesOf25,
  setDateRange,
  userEvent,
  waitForLastCall,
} from '@opssight/plugin-api-react/testing';
import {
  fakeTerminalApi,
  makeRecording,
  SAMPLE_CAST,
  makeMachine,
} from '../../testing/fakes';
import { renderRecordingPage } from '../../testing/renderRecordingPage';
import { RecordingsPage } from './RecordingsPage';

jest.setTimeout(20_000);

const finished = makeRecording();
const live = makeRecording({
  id: 'r2',
  userRef: 'user:default/bob',
  machineId: 'm2',
  machineHostname: 'db-1',
  machineIp: '10.0.0.2',
  endedAt: null,
  endReason: null,
  lastEventAt: '2026-03-01T10:01:00.000Z',
});

// An admin: may watch everyone's recordings.
const renderPage = () =>
  renderRecordingPage(<RecordingsPage />, {
    api: fakeTerminalApi({
      listRecordings: jest.fn(async () => ({
        items: [finished, live],
        totalCount: 60,
      })),
    }),
    machines: [makeMachine(), makeMachine({ id: 'm2', hostname: 'db-1' })],
  });

describe('RecordingsPage', () => {
  it('lists recordings with who, where, how long, and links to watch them', async () => {
    renderPage();
    const rows = await screen.findAllByTestId('recording-row');
    expect(rows).toHaveLength(2);
    const first = within(rows[0]);
    expect(first.getByText('web-1')).toBeInTheDocument();
    expect(first.getByText('5 min 30 s')).toBeInTheDocument();
    expect(first.getByText('shell exited')).toBeInTheDocument();
    expect(first.getByText('2.0 KiB')).toBeInTheDocument();
    expect(first.getByRole('link', { name: /^Watch web-1/ })).toHaveAttribute(
      'href',
      '/terminal/recordings/r1',
    );
    const second = within(rows[1]);
    expect(second.getByText('not ended')).toBeInTheDocument();
    expect(second.getByText('≥ 1 min 0 s')).toBeInTheDocument();
  });

  it('builds the query from the filters and the page', async () => {
    const api = renderPage();
    await screen.findAllByTestId('recording-row');
    await expectPagesOf25(api.listRecordings);

    // A filter starts again from the first page.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'User' }),
      'alice',
    );
    await waitForLastCall(api.listRecordings, {
      user: 'user:default/alice',
      limit: 25,
      offset: 0,
    });

    await userEvent.type(
      screen.getByRole('combobox', { name: 'Machine' }),
      'db',
    );
    await userEvent.click(await screen.findByRole('option', { name: /^db-1/ }));
    await waitForLastCall(api.listRecordings, {
      user: 'user:default/alice',
      machineId: 'm2',
      limit: 25,
      offset: 0,
    });

    setDateRange({ from: '2026-03-01T10:00', to: '2026-03-01T12:00' });
    await waitForLastCall(api.listRecordings, {
      user: 'user:default/alice',
      machineId: 'm2',
      from: new Date('2026-03-01T10:00').toISOString(),
      to: new Date('2026-03-01T12:00').toISOString(),
      limit: 25,
      offset: 0,
    });
  });

  it('does not ask for a range that ends before it starts', async () => {
    const api = renderPage();
    await screen.findAllByTestId('recording-row');
    setDateRange({ from: '2026-03-02T10:00', to: '2026-03-01T10:00' });
    expect(
      await screen.findByText('must be later than From'),
    ).toBeInTheDocument();
    expect(api.listRecordings).not.toHaveBeenCalledWith(
      expect.objectContaining({
        to: new Date('2026-03-01T10:00').toISOString(),
      }),
    );
  });

  it('downloads a recording as a .cast file', async () => {
    const downloads = captureDownloads();
    const api = renderPage();
    await screen.findAllByTestId('recording-row');
    await userEvent.click(
      screen.getByRole('button', { name: /^Download web-1/ }),
    );
    const file = await downloads.downloaded();
    expect(api.getRecordingCast).toHaveBeenCalledWith('r1');
    expect(file.filename).toBe('web-1-2026-03-01T10-00-00.000Z.cast');
    expect(await new Response(file.blob).text()).toBe(SAMPLE_CAST);
    downloads.restore();
  });
});
