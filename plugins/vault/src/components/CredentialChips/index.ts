export {
  KindChip,
  ScopeChip,
  KIND_ICONS,
  KIND_LABELS,
} from './CredentialChips';
