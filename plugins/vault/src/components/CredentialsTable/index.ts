export { CredentialsTable, shortEntityRef } from './CredentialsTable';
