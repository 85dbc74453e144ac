export { ChangePasswordCard } from './ChangePasswordCard';
