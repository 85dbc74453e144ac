import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { vaultApiRef } from '../../api';
import { fakePermissionApi } from '@opssight/plugin-api-react/testing';
import {
  makeCredentialName,
  mockVaultApi,
} from '@opssight/plugin-vault-react/testing';
import { CredentialsPage } from './CredentialsPage';

// usePermission caches decisions per module, so each role gets its own test file.
describe('CredentialsPage for a viewer', () => {
  it('offers no buttons the role cannot use', async () => {
    renderInTestApp(<CredentialsPage />, {
      apis: [
        [
          vaultApiRef,
          mockVaultApi({
            listCredentials: jest.fn(async () => [makeCredentialName()]),
          }),
        ],
        fakePermissionApi(() => false),
      ],
    });
    expect(await screen.findByText('prod root')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('explains an empty list it cannot add to', async () => {
    renderInTestApp(<CredentialsPage />, {
      apis: [[vaultApiRef, mockVaultApi()], fakePermissionApi(() => false)],
    });
    expect(
      await screen.findByText(/your role cannot add any/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add credential' }),
    ).not.toBeInTheDocument();
  });
});
