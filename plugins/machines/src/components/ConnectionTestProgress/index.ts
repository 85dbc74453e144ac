export {
  ConnectionTestProgress,
  describeTestTarget,
} from './ConnectionTestProgress';
