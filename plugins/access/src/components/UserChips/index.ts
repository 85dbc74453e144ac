export {
  RoleChip,
  ROLE_COLORS,
  ROLE_DESCRIPTIONS,
  UserStatusChips,
} from './UserChips';
