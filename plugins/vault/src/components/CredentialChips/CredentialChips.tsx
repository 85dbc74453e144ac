import Chip from '@mui/material/Chip';
import GroupsIcon from '@mui/icons-material/Groups';
import KeyIcon from '@mui/icons-material/Key';
import PasswordIcon from '@mui/icons-material/Password';
import PersonIcon from '@mui/icons-material/Person';
import TokenIcon from '@mui/icons-material/Token';
import type {
  CredentialKind,
  CredentialScope,
} from '@opssight/plugin-vault-common';

export const KIND_LABELS: Record<CredentialKind, string> = {
  'ssh-key': 'SSH key',
  password: 'Password',
  'api-token': 'API token',
};

export const KIND_ICONS: Record<CredentialKind, JSX.Element> = {
  'ssh-key': <KeyIcon />,
  password: <PasswordIcon />,
  'api-token': <TokenIcon />,
};

export function KindChip(props: { kind: CredentialKind }) {
  const { kind } = props;
  return (
    <Chip
      size="small"
      icon={KIND_ICONS[kind]}
      label={KIND_LABELS[kind]}
      data-testid="kind-chip"
    />
  );
}

const SCOPE_CHIPS = {
  personal: {
    label: 'personal',
    icon: <PersonIcon />,
    color: 'default',
    title: 'Only its owner sees and uses it',
  },
  shared: {
    label: 'shared',
    icon: <GroupsIcon />,
    color: 'primary',
    title: 'Admins manage it, operators use it, viewers see its name',
  },
} as const;

export function ScopeChip(props: { scope: CredentialScope }) {
  const { label, icon, color, title } = SCOPE_CHIPS[props.scope];
  return (
    <Chip
      size="small"
      variant="outlined"
      icon={icon}
      label={label}
      color={color}
      title={title}
      data-testid="scope-chip"
    />
  );
}
