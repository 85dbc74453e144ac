export {
  ConnectionStatusChip,
  ConnectionDetails,
  describeConnection,
  ERROR_LABELS,
  formatCheckedAt,
} from './ConnectionStatus';
export type { ConnectionTone } from './ConnectionStatus';
