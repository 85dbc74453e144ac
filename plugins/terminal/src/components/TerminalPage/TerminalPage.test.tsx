import { act, screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  clickWhenEnabled,
  fakePermissionApi,
} from '@opssight/plugin-api-react/testing';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import { terminalApiRef } from '../../api';
import { TerminalSessions, terminalSessionsApiRef } from '../../session';
import {
  FakeScreen,
  fakeTerminalApi,
  readyMessage,
  socketFactory,
  makeMachine,
} from '../../testing/fakes';
import { fakeMachineRegistry } from '@opssight/plugin-machines-react/testing';
import { XtermScreen } from '../TerminalView/XtermScreen';
import { TerminalPage } from './TerminalPage';

// xterm.js needs a real browser; the page gets screens that record what they are sent.
jest.mock('../TerminalView/XtermScreen', () => {
  const { FakeScreen: Screen } = jest.requireActual('../../testing/fakes');
  return { XtermScreen: jest.fn(() => new Screen()) };
});

jest.setTimeout(20_000);
const userEvent = userEventLib.setup({ delay: null });

const deployKey = makeSshKey({ id: 'c-key', name: 'deploy key' });
const web1 = makeMachine({ defaultCredentialId: 'c-key' });
const db1 = makeMachine({
  id: 'm2',
  hostname: 'db-1',
  ip: '10.0.0.2',
  defaultCredentialId: 'c-key',
});

function renderPage(options: { url?: string } = {}) {
  window.history.replaceState(null, '', options.url ?? '/terminal');
  const api = fakeTerminalApi({
    openSession: jest.fn(async request => ({
      sessionId: `s${api.openSession.mock.calls.length}`,
      streamPath: `/api/terminal/sessions/s${api.openSession.mock.calls.length}/stream`,
      machine: {
        id: request.machineId,
        hostname: request.machineId === 'm2' ? 'db-1' : 'web-1',
        ip: request.machineId === 'm2' ? '10.0.0.2' : '10.0.0.1',
      },
      credentialId: request.credentialId ?? 'c-key',
    })),
  });
  const sockets = socketFactory();
  const store = new TerminalSessions({
    terminalApi: api,
    identityApi: { getCredentials: async () => ({ token: 'tok' }) },
    createSocket: sockets.create,
  });
  const machines = fakeMachineRegistry([web1, db1]);
  renderInTestApp(<TerminalPage />, {
    apis: [
      [terminalApiRef, api],
      [terminalSessionsApiRef, store],
      machines.pair,
      fakeVaultApi([deployKey]),
      fakePermissionApi(),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return { api, sockets, store };
}

/** Opens a terminal on web-1 through `?machine=`, and waits for its socket. */
async function openWeb1() {
  const env = renderPage({ url: '/terminal?machine=m1' });
  const dialog = await screen.findByRole('dialog', { name: 'Open terminal' });
  await within(dialog).findByText('web-1');
  await clickWhenEnabled('Open terminal', within(dialog));
  await waitFor(() => expect(env.sockets.sockets).toHaveLength(1));
  return { ...env, socket: env.sockets.last() };
}

function tab(name: RegExp) {
  return screen.getByRole('tab', { name });
}

function dotIn(element: HTMLElement) {
  return element.querySelector('[data-state]');
}

describe('TerminalPage', () => {
  it('opens the machine of ?machine= with its default credential, in a tab that turns green', async () => {
    const { api, socket } = await openWeb1();
    expect(api.openSession).toHaveBeenCalledWith(
      expect.objectContaining({ machineId: 'm1', credentialId: 'c-key' }),
    );
    // A reload does not ask again.
    expect(window.location.search).toBe('');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    const webTab = tab(/web-1/);
    expect(dotIn(webTab)).toHaveAttribute('data-state', 'connecting');
    expect(screen.getByTestId('session-status')).toHaveTextContent(
      'Connecting to web-1 (10.0.0.1)…',
    );

    act(() => socket.message(readyMessage()));
    expect(dotIn(webTab)).toHaveAttribute('data-state', 'connected');
    expect(screen.getByTestId('session-status')).toHaveTextContent(
      'deploy@web-1 (10.0.0.1)',
    );

    // Output reaches the screen the page made for the tab.
    act(() => socket.output('hello\r\n'));
    const made = (XtermScreen as unknown as jest.Mock).mock.results.at(-1)!
      .value as FakeScreen;
    expect(made.text()).toBe('hello\r\n');
    expect(made.mounted).toBe(screen.getByTestId('terminal-screen'));
  });

  it('says when the connection drops, and reconnects in the same tab', async () => {
    const { api, sockets, socket } = await openWeb1();
    act(() => socket.message(readyMessage()));
    act(() => socket.drop(1006));

    const problem = screen.getByTestId('session-problem');
    expect(problem).toHaveTextContent('The connection was lost');
    expect(dotIn(tab(/web-1/))).toHaveAttribute('data-state', 'failed');

    await userEvent.click(
      within(problem).getByRole('button', { name: 'Reconnect' }),
    );
    await waitFor(() => expect(sockets.sockets).toHaveLength(2));
    expect(api.openSession).toHaveBeenCalledTimes(2);
    act(() => sockets.last().message(readyMessage({ sessionId: 's2' })));
    expect(screen.queryByTestId('session-problem')).not.toBeInTheDocument();
    expect(screen.getAllByRole('tab')).toHaveLength(1);
    expect(dotIn(tab(/web-1/))).toHaveAttribute('data-state', 'connected');
  });

  it('sends a changed host key to the machine page to test the connection', async () => {
    const { socket } = await openWeb1();
    act(() =>
      socket.message({
        type: 'error',
        kind: 'hostkey',
        message: 'web-1 presented SHA256:new, not the pinned SHA256:old',
      }),
    );
    const problem = screen.getByTestId('session-problem');
    expect(problem).toHaveTextContent('The host key changed');
    expect(problem).toHaveTextContent('SHA256:new, not the pinned SHA256:old');
    expect(
      within(problem).getByRole('link', { name: /Test connection/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/web-1--10-0-0-1/machine',
    );
    expect(
      within(problem).getByRole('button', { name: 'Reconnect' }),
    ).toBeInTheDocument();
  });

  it('warns before an idle session closes, until a key is pressed', async () => {
    const { socket } = await openWeb1();
    act(() => socket.message(readyMessage()));
    act(() => socket.message({ type: 'idle-warning', closesInMs: 30_000 }));
    expect(screen.getByTestId('idle-warning')).toHaveTextContent(
      'this session closes in 30 s unless you type',
    );
    const made = (XtermScreen as unknown as jest.Mock).mock.results.at(-1)!
      .value as FakeScreen;
    act(() => made.data.emit('x'));
    expect(screen.queryByTestId('idle-warning')).not.toBeInTheDocument();
    expect(socket.input()).toBe('x');
  });

  it('keeps every tab mounted when switching, and asks before closing a live one', async () => {
    const { sockets, socket } = await openWeb1();
    act(() => socket.message(readyMessage()));

    await userEvent.click(
      screen.getByRole('button', { name: 'Open another terminal' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Open terminal' });
    await userEvent.type(
      within(dialog).getByRole('combobox', { name: 'Machine' }),
      'db',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'db-1 (10.0.0.2)' }),
    );
    await clickWhenEnabled('Open terminal', within(dialog));
    await waitFor(() => expect(sockets.sockets).toHaveLength(2));

    expect(tab(/db-1/)).toHaveAttribute('aria-selected', 'true');
    const panels = screen.getAllByRole('tabpanel', { hidden: true });
    expect(panels).toHaveLength(2);
    expect(panels[0]).not.toBeVisible();
    expect(panels[1]).toBeVisible();

    await userEvent.click(tab(/web-1/));
    expect(tab(/web-1/)).toHaveAttribute('aria-selected', 'true');
    expect(panels[0]).toBeVisible();
    expect(panels[1]).not.toBeVisible();
    // Both screens are still on the page, neither disposed.
    const screens = (XtermScreen as unknown as jest.Mock).mock.results
      .slice(-2)
      .map(r => r.value as FakeScreen);
    expect(screens.every(s => s.mounted && !s.disposed)).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Close web-1' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Close the terminal on web-1?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(1));
    expect(socket.closedWith?.code).toBe(1000);
    expect(screens[0].disposed).toBe(true);
    expect(tab(/db-1/)).toHaveAttribute('aria-selected', 'true');
  });

  it('offers to open a terminal when none is open', async () => {
    renderPage();
    expect(await screen.findByText('No terminal open')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Open terminal' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Open terminal' });
    expect(
      within(dialog).getByRole('combobox', { name: 'Machine' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Open terminal' }),
    ).toBeDisabled();
  });
});
