export { UserFormDialog } from './UserFormDialog';
export { serverFieldErrors } from './serverFieldErrors';
