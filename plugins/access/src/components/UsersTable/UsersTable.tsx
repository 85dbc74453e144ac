import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
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
import type { LocalUser } from '@opssight/plugin-access-common';
import { RoleChip, UserStatusChips } from '../UserChips';

const NONE = (
  <Box component="span" sx={{ color: 'text.disabled' }}>
    —
  </Box>
);

export function formatSignIn(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

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
  const now = Date.now();
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
                      <span>{formatSignIn(user.lastSignInAt, now)}</span>
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
                      <Tooltip title="Edit profile and role">
                        <IconButton
                          size="small"
                          aria-label={`Edit ${name}`}
                          onClick={() => onEdit(user)}
                        >
                          <EditIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    )}
                    {onResetPassword && (
                      <Tooltip title="Reset password">
                        <IconButton
                          size="small"
                          aria-label={`Reset the password of ${name}`}
                          onClick={() => onResetPassword(user)}
                        >
                          <LockResetIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    )}
                    {user.disabled && onEnable && (
                      <Tooltip title="Enable: may sign in again">
                        <span>
                          <IconButton
                            size="small"
                            aria-label={`Enable ${name}`}
                            onClick={() => onEnable(user)}
                            disabled={busy === name}
                          >
                            <LockOpenIcon fontSize="small" />
                          </IconButton>
                        </span>
                      </Tooltip>
                    )}
                    {!user.disabled && onDisable && (
                      <Tooltip title="Disable: can no longer sign in">
                        <span>
                          <IconButton
                            size="small"
                            aria-label={`Disable ${name}`}
                            onClick={() => onDisable(user)}
                            disabled={busy === name}
                          >
                            <BlockIcon fontSize="small" />
                          </IconButton>
                        </span>
                      </Tooltip>
                    )}
                    {onDelete && (
                      <Tooltip title="Delete">
                        <IconButton
                          size="small"
                          aria-label={`Delete ${name}`}
                          onClick={() => onDelete(user)}
                        >
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
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
