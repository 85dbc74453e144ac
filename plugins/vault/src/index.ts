/**
 * Vault: the "Credentials" page (write-only secrets: SSH keys, passwords, API
 * tokens). Other plugins use the vault through `@opssight/plugin-vault-react`.
 *
 * @packageDocumentation
 */
export { vaultPlugin as default } from './plugin';
