export { machinesPlugin as default } from './plugin';
