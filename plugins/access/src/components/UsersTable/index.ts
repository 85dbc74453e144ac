export { UsersTable, type UserActions } from './UsersTable';
