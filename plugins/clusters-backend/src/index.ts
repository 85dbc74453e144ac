export { clustersPlugin as default } from './plugin';
