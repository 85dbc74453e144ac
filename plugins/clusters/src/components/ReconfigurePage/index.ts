export { ReconfigurePage } from './ReconfigurePage';
