export { DiffView, diffLineKind } from './DiffView';
