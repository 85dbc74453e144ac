import Chip, { type ChipProps } from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import PasswordIcon from '@mui/icons-material/Password';
import type { LocalUser, Role } from '@opssight/plugin-access-common';

/** Admin stands out, operator in the primary colour, viewer plain. */
export const ROLE_COLORS = {
  admin: 'secondary',
  operator: 'primary',
  viewer: 'default',
} as const satisfies Record<Role, string>;

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'Sees machines and the catalog; changes nothing',
  operator:
    'Manages machines, runs tests and terminals, uses shared credentials',
  admin: 'Everything, including users, shared credentials and the audit trail',
};

export function RoleChip(props: { role: Role }) {
  const { role } = props;
  return (
    <Chip
      size="small"
      label={role}
      color={ROLE_COLORS[role]}
      title={ROLE_DESCRIPTIONS[role]}
      data-testid="role-chip"
      data-role={role}
    />
  );
}

const STATUS_CHIPS = {
  disabled: {
    icon: <BlockIcon />,
    label: 'disabled',
    color: 'error',
    title: 'Cannot sign in',
  },
  active: { icon: <CheckCircleIcon />, label: 'active', color: 'success' },
  mustChangePassword: {
    icon: <PasswordIcon />,
    label: 'must change password',
    color: 'warning',
    title: 'Chooses their own password at next sign-in, before anything else',
  },
} as const satisfies Record<string, ChipProps>;

/** Whether the account can sign in, and whether it must pick its own password first. */
export function UserStatusChips(props: { user: LocalUser }) {
  const { user } = props;
  const chips: ChipProps[] = [
    user.disabled ? STATUS_CHIPS.disabled : STATUS_CHIPS.active,
    ...(user.mustChangePassword ? [STATUS_CHIPS.mustChangePassword] : []),
  ];
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {chips.map(chip => (
        <Chip
          key={String(chip.label)}
          size="small"
          variant="outlined"
          data-testid="status-chip"
          {...chip}
        />
      ))}
    </Stack>
  );
}
