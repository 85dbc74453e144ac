export { RerunFailedButton, CancelJobButton } from './JobActions';
export type {
  RerunFailedButtonProps,
  CancelJobButtonProps,
} from './JobActions';
export { useAsyncAction } from './useAsyncAction';
