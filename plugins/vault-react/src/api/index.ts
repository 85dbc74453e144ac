export { vaultApiRef } from './VaultApi';
export type { ListCredentialsQuery, VaultApi } from './VaultApi';
export { VaultClient } from './VaultClient';
