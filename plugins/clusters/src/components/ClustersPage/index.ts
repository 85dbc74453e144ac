export { ClustersPage, nodeCounts } from './ClustersPage';
