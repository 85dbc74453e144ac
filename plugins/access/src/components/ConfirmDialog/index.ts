export { ConfirmDialog, withoutField } from './ConfirmDialog';
