export { TargetOutput } from './TargetOutput';
