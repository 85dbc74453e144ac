export {
  ConnectionStatusChip,
  ConnectionDetails,
  describeConnection,
  formatCheckedAt,
} from './ConnectionStatus';
export type { ConnectionTone } from './ConnectionStatus';
