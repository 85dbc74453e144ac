import { screen } from '@testing-library/react';
import { fakeTerminalApi, makeRecording } from '../../testing/fakes';
import { renderRecordingPage } from '../../testing/renderRecordingPage';
import { RecordingsPage } from './RecordingsPage';

// usePermission caches decisions per module, so each role gets its own test file.
describe('RecordingsPage for an operator', () => {
  it('offers no user filter to someone who only sees their own recordings', async () => {
    renderRecordingPage(<RecordingsPage />, {
      api: fakeTerminalApi({
        listRecordings: jest.fn(async () => ({
          items: [makeRecording()],
          totalCount: 1,
        })),
      }),
      role: 'operator',
    });
    expect(await screen.findByTestId('recording-row')).toBeInTheDocument();
    expect(screen.getByText(/Your own terminal sessions/)).toBeInTheDocument();
    expect(
      screen.getByRole('combobox', { name: 'Machine' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'User' }),
    ).not.toBeInTheDocument();
  });
});
