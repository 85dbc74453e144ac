export { vaultApiRef, VaultClient } from '@opssight/plugin-vault-react';
export type { VaultApi } from '@opssight/plugin-vault-react';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
