import { screen, within } from '@testing-library/react';
import {
  expectNoButtons,
  openDialog,
} from '@opssight/plugin-api-react/testing';
import {
  makeCredential,
  mockVaultApi,
} from '@opssight/plugin-vault-react/testing';
import { renderCredentialsPage } from '../../testing/renderCredentialsPage';

// usePermission caches decisions per module, so each role gets its own test file.
jest.setTimeout(20_000);

describe('CredentialsPage for an operator', () => {
  it('manages personal credentials only, and cannot choose the shared scope', async () => {
    renderCredentialsPage(
      mockVaultApi({
        listCredentials: jest.fn(async () => [
          makeCredential({ id: 'p1', name: 'mine' }),
          makeCredential({ id: 's1', name: 'team', scope: 'shared' }),
        ]),
      }),
      'operator',
    );
    const [mine, team] = await screen.findAllByTestId('credential-row');
    expect(
      within(mine).getByRole('button', { name: 'Edit mine' }),
    ).toBeInTheDocument();
    expect(
      within(mine).getByRole('button', { name: 'Delete mine' }),
    ).toBeInTheDocument();
    expectNoButtons([], within(team));

    const dialog = await openDialog('Add credential');
    expect(
      dialog.getByText(/Stored as a personal credential/),
    ).toBeInTheDocument();
    expect(
      dialog.queryByRole('radio', { name: /Shared/ }),
    ).not.toBeInTheDocument();
  });
});
