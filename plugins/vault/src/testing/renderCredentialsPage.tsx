import {
  renderAsRole,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import { mockVaultApi } from '@opssight/plugin-vault-react/testing';
import { vaultApiRef } from '../api';
import { CredentialsPage } from '../components/CredentialsPage';

/** Renders the credentials page on `api` for a user with `role`. */
export function renderCredentialsPage(
  api = mockVaultApi(),
  role: TestRole = 'admin',
) {
  renderAsRole(<CredentialsPage />, { apis: [[vaultApiRef, api]], role });
  return api;
}
