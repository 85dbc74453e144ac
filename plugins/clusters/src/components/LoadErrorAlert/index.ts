export {
  AllClustersButton,
  LoadErrorAlert,
  PageLoadError,
  WarningAlerts,
} from './LoadErrorAlert';
