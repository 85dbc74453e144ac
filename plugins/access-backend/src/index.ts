export { accessPlugin as default } from './plugin';
