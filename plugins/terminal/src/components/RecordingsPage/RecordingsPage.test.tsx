import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderAsRole } from '@opssight/plugin-api-react/testing';
import { terminalApiRef } from '../../api';
import { recordingRouteRef, recordingsRouteRef } from '../../routes';
import {
  fakeTerminalApi,
  makeRecording,
  SAMPLE_CAST,
  makeMachine,
} from '../../testing/fakes';
import { fakeMachineRegistry } from '@opssight/plugin-machines-react/testing';
import { RecordingsPage } from './RecordingsPage';

jest.setTimeout(20_000);
const userEvent = userEventLib.setup({ delay: null });

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

function renderPage() {
  const api = fakeTerminalApi({
    listRecordings: jest.fn(async () => ({
      items: [finished, live],
      totalCount: 60,
    })),
  });
  renderAsRole(<RecordingsPage />, {
    apis: [
      [terminalApiRef, api],
      fakeMachineRegistry([
        makeMachine(),
        makeMachine({ id: 'm2', hostname: 'db-1' }),
      ]).pair,
      // An admin: may watch everyone's recordings.
    ],
    mountedRoutes: {
      '/terminal/recordings': recordingsRouteRef,
      '/terminal/recordings/:id': recordingRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
  return api;
}

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
    expect(api.listRecordings).toHaveBeenLastCalledWith({
      limit: 25,
      offset: 0,
    });

    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(api.listRecordings).toHaveBeenLastCalledWith({
        limit: 25,
        offset: 25,
      }),
    );

    // A filter starts again from the first page.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'User' }),
      'alice',
    );
    await waitFor(() =>
      expect(api.listRecordings).toHaveBeenLastCalledWith({
        user: 'user:default/alice',
        limit: 25,
        offset: 0,
      }),
    );

    await userEvent.type(
      screen.getByRole('combobox', { name: 'Machine' }),
      'db',
    );
    await userEvent.click(await screen.findByRole('option', { name: /^db-1/ }));
    await waitFor(() =>
      expect(api.listRecordings).toHaveBeenLastCalledWith({
        user: 'user:default/alice',
        machineId: 'm2',
        limit: 25,
        offset: 0,
      }),
    );

    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-03-01T10:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-03-01T12:00' },
    });
    await waitFor(() =>
      expect(api.listRecordings).toHaveBeenLastCalledWith({
        user: 'user:default/alice',
        machineId: 'm2',
        from: new Date('2026-03-01T10:00').toISOString(),
        to: new Date('2026-03-01T12:00').toISOString(),
        limit: 25,
        offset: 0,
      }),
    );
  });

  it('does not ask for a range that ends before it starts', async () => {
    const api = renderPage();
    await screen.findAllByTestId('recording-row');
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-03-02T10:00' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-03-01T10:00' },
    });
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
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:cast');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = renderPage();
    await screen.findAllByTestId('recording-row');
    await userEvent.click(
      screen.getByRole('button', { name: /^Download web-1/ }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getRecordingCast).toHaveBeenCalledWith('r1');
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('web-1-2026-03-01T10-00-00.000Z.cast');
    expect(await new Response(createObjectURL.mock.calls[0][0]).text()).toBe(
      SAMPLE_CAST,
    );
    click.mockRestore();
  });
});
