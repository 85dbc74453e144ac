export { SessionPanel } from './SessionPanel';
