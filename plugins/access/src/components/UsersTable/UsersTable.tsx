import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import BlockIcon from '@mui/icons-material/Block';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import LockResetIcon from '@mui/icons-material/LockReset';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { formatAgo, RowAction, useNow } from '@opssight/plugin-api-react';
import type { LocalUser } from '@opssight/plugin-access-common';
import { RoleChip, UserStatusChips } from '../UserChips';

const NONE = (
  <Box component="span" sx={{ color: 'text.disabled' }}>
    —
  </Box>
);

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
    <TableContainer>
      <Table size="small" aria-label="Users" sx={{ '& td, & th': { px: 1.5 } }}>
        <TableHead>
          <TableRow>
            <TableCell>Username</TableCell>
            <TableCell>Display name</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Last sign-in</TableCell>
            {anyActions && <TableCell align="right">Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {users.map(user => {
            const name = user.username;
            return (
              <TableRow
                key={name}
                hover
                data-testid="user-row"
                data-username={name}
                sx={
                  user.disabled ? { '& td': { color: 'text.secondary' } } : {}
                }
              >
                <TableCell sx={{ fontFamily: 'monospace' }}>{name}</TableCell>
                <TableCell>
                  <Typography variant="body2" fontWeight={500}>
                    {user.displayName}
                  </Typography>
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>
                  {user.email ?? NONE}
                </TableCell>
                <TableCell>
                  <RoleChip role={user.role} />
                </TableCell>
                <TableCell>
                  <UserStatusChips user={user} />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {user.lastSignInAt ? (
                    <Tooltip
                      title={new Date(user.lastSignInAt).toLocaleString()}
                    >
                      <span>{formatAgo(user.lastSignInAt, now)}</span>
                    </Tooltip>
                  ) : (
                    <Box component="span" sx={{ color: 'text.secondary' }}>
                      never
                    </Box>
                  )}
                </TableCell>
                {anyActions && (
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {onEdit && (
                      <RowAction
                        title="Edit profile and role"
                        label={`Edit ${name}`}
                        icon={<EditIcon fontSize="small" />}
                        onClick={() => onEdit(user)}
                      />
                    )}
                    {onResetPassword && (
                      <RowAction
                        title="Reset password"
                        label={`Reset the password of ${name}`}
                        icon={<LockResetIcon fontSize="small" />}
                        onClick={() => onResetPassword(user)}
                      />
                    )}
                    {user.disabled && onEnable && (
                      <RowAction
                        title="Enable: may sign in again"
                        label={`Enable ${name}`}
                        icon={<LockOpenIcon fontSize="small" />}
                        onClick={() => onEnable(user)}
                        disabled={busy === name}
                      />
                    )}
                    {!user.disabled && onDisable && (
                      <RowAction
                        title="Disable: can no longer sign in"
                        label={`Disable ${name}`}
                        icon={<BlockIcon fontSize="small" />}
                        onClick={() => onDisable(user)}
                        disabled={busy === name}
                      />
                    )}
                    {onDelete && (
                      <RowAction
                        title="Delete"
                        label={`Delete ${name}`}
                        icon={<DeleteIcon fontSize="small" />}
                        onClick={() => onDelete(user)}
                      />
                    )}
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
