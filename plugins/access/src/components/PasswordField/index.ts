export { generatePassword, PasswordField } from './PasswordField';
