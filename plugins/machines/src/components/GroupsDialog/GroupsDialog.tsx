import { FormEvent, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  groupInputSchema,
  issuesByField,
  type MachineGroup,
} from '@opssight/plugin-machines-common';
import { errorMessage, machinesApiRef } from '../../api';
import { ConfirmDialog } from '@opssight/plugin-api-react';

function nameError(name: string): string | undefined {
  const parsed = groupInputSchema.safeParse({ name });
  return parsed.success ? undefined : issuesByField(parsed.error).name;
}

/**
 * Submits a group name: checked first (the problem shown at the field), then
 * `act` with it trimmed, busy meanwhile; what the server refuses is shown too.
 */
function useNameSubmit(name: string, act: (name: string) => Promise<void>) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = nameError(name);
    if (invalid) {
      setError(invalid);
      return;
    }
    setBusy(true);
    try {
      await act(name.trim());
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, submit };
}

/** A group; each action only when its handler is given. */
function GroupRow(props: {
  group: MachineGroup;
  onRename?: (name: string) => Promise<void>;
  onDelete?: () => void;
  onTest?: () => void;
}) {
  const { group, onRename, onDelete, onTest } = props;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  const {
    error,
    setError,
    busy,
    submit: save,
  } = useNameSubmit(name, async checked => {
    if (!onRename) return;
    await onRename(checked);
    setEditing(false);
  });

  return (
    <TableRow data-testid={`group-row-${group.name}`}>
      <TableCell>
        {editing ? (
          <Stack component="form" direction="row" spacing={1} onSubmit={save}>
            <TextField
              size="small"
              // The field appears because the user asked to rename: type straight away.
              // eslint-disable-next-line jsx-a11y/no-autofocus
              autoFocus
              label="Group name"
              value={name}
              onChange={e => {
                setName(e.target.value);
                setError(nameError(e.target.value));
              }}
              error={!!error}
              helperText={error}
              disabled={busy}
            />
            <Button type="submit" size="small" disabled={busy}>
              Save
            </Button>
            <Button
              size="small"
              onClick={() => {
                setEditing(false);
                setName(group.name);
                setError(undefined);
              }}
              disabled={busy}
            >
              Cancel
            </Button>
          </Stack>
        ) : (
          <Chip label={group.name} size="small" />
        )}
      </TableCell>
      <TableCell>{group.description}</TableCell>
      <TableCell align="right">{group.machineCount}</TableCell>
      {(onTest || onRename || onDelete) && (
        <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
          {onTest && (
            <Tooltip title="Test connection to every machine in this group">
              <span>
                <IconButton
                  size="small"
                  aria-label={`Test group ${group.name}`}
                  onClick={onTest}
                  disabled={group.machineCount === 0}
                >
                  <NetworkCheckIcon fontSize="small" />
                </IconButton>
              </span>
            </Tooltip>
          )}
          {onRename && (
            <IconButton
              size="small"
              aria-label={`Rename group ${group.name}`}
              onClick={() => setEditing(true)}
            >
              <EditIcon fontSize="small" />
            </IconButton>
          )}
          {onDelete && (
            <IconButton
              size="small"
              aria-label={`Delete group ${group.name}`}
              onClick={onDelete}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          )}
        </TableCell>
      )}
    </TableRow>
  );
}

/**
 * List groups; create, rename and delete them, and test a whole group, as far
 * as the user may (`canEdit`, `canDelete`, and `onTestGroup` when given).
 */
export function GroupsDialog(props: {
  open: boolean;
  groups: MachineGroup[] | undefined;
  loading: boolean;
  error?: Error;
  canEdit: boolean;
  canDelete: boolean;
  onClose: () => void;
  onChanged: () => void;
  onTestGroup?: (name: string) => void;
}) {
  const { open, groups, loading, error, onClose, onChanged, onTestGroup } =
    props;
  const { canEdit, canDelete } = props;
  const anyActions = canEdit || canDelete || !!onTestGroup;
  const api = useApi(machinesApiRef);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [deleting, setDeleting] = useState<MachineGroup>();

  const {
    error: createError,
    setError: setCreateError,
    busy: creating,
    submit: create,
  } = useNameSubmit(name, async checked => {
    await api.createGroup({ name: checked, description });
    setName('');
    setDescription('');
    onChanged();
  });

  return (
    <>
      <Dialog
        open={open}
        onClose={onClose}
        maxWidth="md"
        fullWidth
        aria-labelledby="groups-title"
      >
        <DialogTitle id="groups-title">Groups</DialogTitle>
        <DialogContent>
          {canEdit && (
            <Stack
              component="form"
              direction="row"
              spacing={1}
              alignItems="flex-start"
              onSubmit={create}
              sx={{ pt: 1, mb: 2 }}
            >
              <TextField
                size="small"
                label="New group name"
                value={name}
                onChange={e => {
                  setName(e.target.value);
                  setCreateError(
                    e.target.value ? nameError(e.target.value) : undefined,
                  );
                }}
                error={!!createError}
                helperText={createError}
              />
              <TextField
                size="small"
                label="Description"
                value={description}
                onChange={e => setDescription(e.target.value)}
                sx={{ flexGrow: 1 }}
              />
              <Button
                type="submit"
                variant="contained"
                disabled={creating || !name.trim()}
              >
                Create group
              </Button>
            </Stack>
          )}
          {loading && <LinearProgress />}
          {error && <Alert severity="error">{errorMessage(error)}</Alert>}
          {groups && groups.length === 0 && (
            <Typography color="text.secondary" sx={{ py: 2 }}>
              {canEdit
                ? 'No groups yet. Create one above, or give machines groups when adding them.'
                : 'No groups yet.'}
            </Typography>
          )}
          {groups && groups.length > 0 && (
            <Table size="small" aria-label="Groups">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Description</TableCell>
                  <TableCell align="right">Machines</TableCell>
                  {anyActions && <TableCell align="right">Actions</TableCell>}
                </TableRow>
              </TableHead>
              <TableBody>
                {groups.map(group => (
                  <GroupRow
                    key={group.id}
                    group={group}
                    {...(canEdit && {
                      onRename: async (newName: string) => {
                        await api.updateGroup(group.id, {
                          name: newName,
                          description: group.description,
                        });
                        onChanged();
                      },
                    })}
                    {...(canDelete && { onDelete: () => setDeleting(group) })}
                    {...(onTestGroup && {
                      onTest: () => onTestGroup(group.name),
                    })}
                  />
                ))}
              </TableBody>
            </Table>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </Dialog>
      {deleting && (
        <ConfirmDialog
          open
          title={`Delete group ${deleting.name}?`}
          confirmLabel="Delete group"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.deleteGroup(deleting.id);
            onChanged();
          }}
        >
          <Typography>
            Deleting a group never deletes machines:{' '}
            {deleting.machineCount === 1
              ? 'its one machine stays and just leaves the group.'
              : `its ${deleting.machineCount} machines stay and just leave the group.`}
          </Typography>
        </ConfirmDialog>
      )}
    </>
  );
}
