import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { vaultApiRef } from '../api';
import {
  hasDetails,
  type Credential,
  type CredentialListItem,
} from '@opssight/plugin-vault-common';

export interface LoginCredentials {
  /** Whether the app has the vault at all; without it there is nothing to pick. */
  available: boolean;
  loading: boolean;
  error?: Error;
  /** SSH keys and passwords the user may log in to machines with. */
  usable: Credential[];
  /** Every credential the user sees, some by name only: to name one they cannot use. */
  visible: CredentialListItem[];
}

const KIND_LABELS = { 'ssh-key': 'SSH key', password: 'password' } as const;

/** `deploy key · SSH key · deploy`: what a credential is, in a select or a tooltip. */
export function credentialLabel(credential: CredentialListItem): string {
  if (!hasDetails(credential) || credential.kind === 'api-token') {
    return credential.name;
  }
  return [
    credential.name,
    KIND_LABELS[credential.kind],
    credential.username,
    credential.scope === 'shared' ? 'shared' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The vault credentials a connection test can log in with, as the vault lists
 * them for the user: their own personal ones, and shared ones in full when
 * their role may use those. Secrets never reach the browser.
 */
export function useLoginCredentials(): LoginCredentials {
  const vault = useApiHolder().get(vaultApiRef);
  const { value, loading, error } = useAsync(
    async () => (vault ? vault.listCredentials() : []),
    [vault],
  );
  const visible = value ?? [];
  return {
    available: !!vault,
    loading,
    error,
    usable: visible.filter(
      (c): c is Credential => hasDetails(c) && c.kind !== 'api-token',
    ),
    visible,
  };
}
