export { formatSignIn, UsersTable, type UserActions } from './UsersTable';
