export {
  AuditFilterBar,
  EMPTY_FILTERS,
  toAuditFilter,
  type AuditFilterValues,
} from './AuditFilterBar';
