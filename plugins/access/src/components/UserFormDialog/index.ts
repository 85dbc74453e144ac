export { UserFormDialog } from './UserFormDialog';
