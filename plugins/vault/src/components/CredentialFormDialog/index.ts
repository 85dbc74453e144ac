export {
  CredentialFormDialog,
  serverFieldErrors,
} from './CredentialFormDialog';
