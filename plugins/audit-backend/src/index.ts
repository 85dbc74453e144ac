export { auditPlugin as default } from './plugin';
