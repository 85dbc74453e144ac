export { TopologyDiffView } from './TopologyDiffView';
