import { screen, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { vaultSharedManagePermission } from '@opssight/plugin-vault-common';
import { vaultApiRef } from '../../api';
import { fakePermissionApi } from '@opssight/plugin-api-react/testing';
import {
  makeCredential,
  mockVaultApi,
} from '@opssight/plugin-vault-react/testing';
import { CredentialsPage } from './CredentialsPage';

// usePermission caches decisions per module, so each role gets its own test file.
jest.setTimeout(20_000);
const userEvent = userEventLib.setup({ delay: null });

describe('CredentialsPage for an operator', () => {
  it('manages personal credentials only, and cannot choose the shared scope', async () => {
    renderInTestApp(<CredentialsPage />, {
      apis: [
        [
          vaultApiRef,
          mockVaultApi({
            listCredentials: jest.fn(async () => [
              makeCredential({ id: 'p1', name: 'mine' }),
              makeCredential({ id: 's1', name: 'team', scope: 'shared' }),
            ]),
          }),
        ],
        fakePermissionApi(name => name !== vaultSharedManagePermission.name),
      ],
    });
    const [mine, team] = await screen.findAllByTestId('credential-row');
    expect(
      within(mine).getByRole('button', { name: 'Edit mine' }),
    ).toBeInTheDocument();
    expect(
      within(mine).getByRole('button', { name: 'Delete mine' }),
    ).toBeInTheDocument();
    expect(within(team).queryByRole('button')).not.toBeInTheDocument();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Add credential' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Add credential',
    });
    expect(
      within(dialog).getByText(/Stored as a personal credential/),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('radio', { name: /Shared/ }),
    ).not.toBeInTheDocument();
  });
});
