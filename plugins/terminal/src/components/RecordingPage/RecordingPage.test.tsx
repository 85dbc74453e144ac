import { screen, waitFor } from '@testing-library/react';
import { create } from 'asciinema-player';
import {
  captureDownloads,
  clickWhenEnabled,
  failingWith,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import {
  fakeTerminalApi,
  makeRecording,
  SAMPLE_CAST,
} from '../../testing/fakes';
import { renderRecordingPage } from '../../testing/renderRecordingPage';
import { RecordingPage } from './RecordingPage';

// The player needs a real browser; record how it is created instead.
jest.mock('asciinema-player', () => ({
  create: jest.fn(() => ({
    el: null,
    dispose: jest.fn(),
    getCurrentTime: jest.fn(() => 12.5),
    getDuration: jest.fn(() => 330),
    play: jest.fn(),
    pause: jest.fn(),
    seek: jest.fn(),
    addEventListener: jest.fn(),
  })),
}));

jest.setTimeout(20_000);
const createPlayer = create as jest.MockedFunction<typeof create>;

const renderPage = (api = fakeTerminalApi()) =>
  renderRecordingPage(<RecordingPage />, {
    api,
    mountPath: '/terminal/recordings/:id',
    initialRouteEntries: ['/terminal/recordings/r1'],
  });

describe('RecordingPage', () => {
  beforeEach(() => createPlayer.mockClear());

  it('plays the recording with the player’s own controls, and shows who and where', async () => {
    const api = renderPage();
    await waitFor(() => expect(createPlayer).toHaveBeenCalledTimes(1));
    expect(api.getRecording).toHaveBeenCalledWith('r1');
    expect(api.getRecordingCast).toHaveBeenCalledWith('r1');
    const [source, element, options] = createPlayer.mock.calls[0];
    expect(source).toEqual({ data: SAMPLE_CAST });
    expect(element).toBe(screen.getByTestId('recording-player'));
    expect(options).toMatchObject({ speed: 1, startAt: 0, controls: true });

    expect(await screen.findByText('deploy')).toBeInTheDocument();
    expect(screen.getByText(/shell exited/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'web-1' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/web-1--10-0-0-1/machine',
    );
  });

  it('changes speed where playback is, with a new player', async () => {
    renderPage();
    await waitFor(() => expect(createPlayer).toHaveBeenCalledTimes(1));
    const first = createPlayer.mock.results[0].value;

    await userEvent.click(screen.getByRole('combobox', { name: 'Speed' }));
    expect(screen.getAllByRole('option').map(o => o.textContent)).toEqual([
      '0.5×',
      '1×',
      '2×',
      '4×',
    ]);
    await userEvent.click(screen.getByRole('option', { name: '2×' }));

    await waitFor(() => expect(createPlayer).toHaveBeenCalledTimes(2));
    expect(first.dispose).toHaveBeenCalled();
    expect(createPlayer.mock.calls[1][2]).toMatchObject({
      speed: 2,
      startAt: 12.5,
    });
  });

  it('downloads the .cast file it plays', async () => {
    const downloads = captureDownloads();
    renderPage();
    await screen.findByRole('button', { name: 'Download .cast' });
    await clickWhenEnabled('Download .cast');
    const file = await downloads.downloaded();
    expect(file.filename).toBe('web-1-2026-03-01T10-00-00.000Z.cast');
    expect(await new Response(file.blob).text()).toBe(SAMPLE_CAST);
    downloads.restore();
  });

  it('explains a recording the user may not watch', async () => {
    const forbidden = () =>
      failingWith(403, 'NotAllowedError', "not alice's recording");
    renderPage(
      fakeTerminalApi({
        getRecording: forbidden(),
        getRecordingCast: forbidden(),
      }),
    );
    expect(
      await screen.findByText('You may not watch this recording'),
    ).toBeInTheDocument();
    expect(screen.getByText("not alice's recording")).toBeInTheDocument();
    expect(createPlayer).not.toHaveBeenCalled();
  });

  it('says when a session has not ended, and how far its recording goes', async () => {
    renderPage(
      fakeTerminalApi({
        getRecording: jest.fn(async () =>
          makeRecording({ endedAt: null, endReason: null }),
        ),
      }),
    );
    expect(
      await screen.findByText('not ended: the recording so far'),
    ).toBeInTheDocument();
    expect(screen.getByText(/\(≥ 5 min 29 s in\)/)).toBeInTheDocument();
  });
});
