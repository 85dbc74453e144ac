import { screen } from '@testing-library/react';
import { expectNoButtons } from '@opssight/plugin-api-react/testing';
import {
  makeCredentialName,
  mockVaultApi,
} from '@opssight/plugin-vault-react/testing';
import { renderCredentialsPage } from '../../testing/renderCredentialsPage';

// usePermission caches decisions per module, so each role gets its own test file.
describe('CredentialsPage for a viewer', () => {
  it('offers no buttons the role cannot use', async () => {
    renderCredentialsPage(
      mockVaultApi({
        listCredentials: jest.fn(async () => [makeCredentialName()]),
      }),
      'viewer',
    );
    expect(await screen.findByText('prod root')).toBeInTheDocument();
    expectNoButtons();
  });

  it('explains an empty list it cannot add to', async () => {
    renderCredentialsPage(mockVaultApi(), 'viewer');
    expect(
      await screen.findByText(/your role cannot add any/),
    ).toBeInTheDocument();
    expectNoButtons(['Add credential']);
  });
});
