export { ResetPasswordDialog } from './ResetPasswordDialog';
