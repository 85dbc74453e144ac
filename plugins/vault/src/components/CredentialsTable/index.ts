export {
  CredentialsTable,
  formatLastUsed,
  shortEntityRef,
} from './CredentialsTable';
