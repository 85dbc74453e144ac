import { screen } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderAsRole } from '@opssight/plugin-api-react/testing';
import { terminalApiRef } from '../../api';
import { recordingRouteRef, recordingsRouteRef } from '../../routes';
import { fakeTerminalApi, makeRecording } from '../../testing/fakes';
import { fakeMachineRegistry } from '@opssight/plugin-machines-react/testing';
import { RecordingsPage } from './RecordingsPage';

// usePermission caches decisions per module, so each role gets its own test file.
describe('RecordingsPage for an operator', () => {
  it('offers no user filter to someone who only sees their own recordings', async () => {
    renderAsRole(<RecordingsPage />, {
      apis: [
        [
          terminalApiRef,
          fakeTerminalApi({
            listRecordings: jest.fn(async () => ({
              items: [makeRecording()],
              totalCount: 1,
            })),
          }),
        ],
        fakeMachineRegistry([]).pair,
      ],
      role: 'operator',
      mountedRoutes: {
        '/terminal/recordings': recordingsRouteRef,
        '/terminal/recordings/:id': recordingRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
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
