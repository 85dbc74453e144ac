export { CredentialsPage } from './CredentialsPage';
