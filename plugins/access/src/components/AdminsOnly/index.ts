export { AdminsOnly } from './AdminsOnly';
