import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import BlockIcon from '@mui/icons-material/Block';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import LockResetIcon from '@mui/icons-material/LockReset';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import {
  HeadedTable,
  NoValue,
  RowAction,
  TimeAgo,
  useNow,
} from '@opssight/plugin-api-react';
import type { LocalUser } from '@opssight/plugin-access-common';
import { RoleChip, UserStatusChips } from '../UserChips';

export interface UserActions {
  onEdit?: (user: LocalUser) => void;
  onDisable?: (user: LocalUser) => void;
  onEnable?: (user: LocalUser) => void;
  onResetPassword?: (user: LocalUser) => void;
  onDelete?: (user: LocalUser) => void;
}

/** The local accounts; an action is offered only when its handler is given. */
export function UsersTable(
  props: {
    users: LocalUser[];
    /** The user whose enable or disable is under way. */
    busy?: string;
  } & UserActions,
) {
  const { users, busy, onEdit, onDisable, onEnable, onResetPassword } = props;
  const { onDelete } = props;
  const anyActions = !!(
    onEdit ||
    onDisable ||
    onEnable ||
    onResetPassword ||
    onDelete
  );
  // Last sign-ins stay true ("5 min ago") while the page is open.
  const now = useNow(true, 60_000);
  return (
    <HeadedTable
      label="Users"
      sx={{ '& td, & th': { px: 1.5 } }}
      columns={[
        'Username',
        'Display name',
        'Email',
        'Role',
        'Status',
        'Last sign-in',
        anyActions && { label: 'Actions', align: 'right' },
      ]}
    >
      {users.map(user => {
        const name = user.username;
        const act = (handler?: (user: LocalUser) => void) =>
          handler && (() => handler(user));
        return (
          <TableRow
            key={name}
            hover
            data-testid="user-row"
            data-username={name}
            sx={user.disabled ? { '& td': { color: 'text.secondary' } } : {}}
          >
            <TableCell sx={{ fontFamily: 'monospace' }}>{name}</TableCell>
            <TableCell>
              <Typography variant="body2" fontWeight={500}>
                {user.displayName}
              </Typography>
            </TableCell>
            <TableCell sx={{ wordBreak: 'break-all' }}>
              {user.email ?? <NoValue />}
            </TableCell>
            <TableCell>
              <RoleChip role={user.role} />
            </TableCell>
            <TableCell>
              <UserStatusChips user={user} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <TimeAgo at={user.lastSignInAt} now={now} />
            </TableCell>
            {anyActions && (
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <RowAction
                  title="Edit profile and role"
                  label={`Edit ${name}`}
                  icon={<EditIcon fontSize="small" />}
                  onClick={act(onEdit)}
                />
                <RowAction
                  title="Reset password"
                  label={`Reset the password of ${name}`}
                  icon={<LockResetIcon fontSize="small" />}
                  onClick={act(onResetPassword)}
                />
                <RowAction
                  title="Enable: may sign in again"
                  label={`Enable ${name}`}
                  icon={<LockOpenIcon fontSize="small" />}
                  onClick={user.disabled ? act(onEnable) : undefined}
                  disabled={busy === name}
                />
                <RowAction
                  title="Disable: can no longer sign in"
                  label={`Disable ${name}`}
                  icon={<BlockIcon fontSize="small" />}
                  onClick={user.disabled ? undefined : act(onDisable)}
                  disabled={busy === name}
                />
                <RowAction
                  title="Delete"
                  label={`Delete ${name}`}
                  icon={<DeleteIcon fontSize="small" />}
                  onClick={act(onDelete)}
                />
              </TableCell>
            )}
          </TableRow>
        );
      })}
    </HeadedTable>
  );
}
