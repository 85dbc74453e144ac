export {
  HealthChip,
  healthColor,
  HEALTH_LABELS,
  HEALTH_STATES,
} from './HealthChip';
