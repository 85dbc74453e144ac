export { ForgetHostKeyDialog } from './ForgetHostKeyDialog';
