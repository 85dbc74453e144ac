export { ClusterPage, useNewRunLink } from './ClusterPage';
export { NodesTable } from './NodesTable';
