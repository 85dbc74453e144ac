import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import HostsIcon from '@mui/icons-material/Dns';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  AddButton,
  ConfirmDialog,
  countOf,
  friendlyMessage,
  HeadedTable,
  ListHeader,
  ListPageBody,
  RowAction,
  usePaging,
} from '@opssight/plugin-api-react';
import { automationApiRef, type Inventory } from '../../api';
import { listed, who } from '../../format';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { InventoryDialog } from './InventoryDialog';
import { ResolvedInventoryView } from './ResolvedInventoryView';

export function describeInventory(inventory: Inventory): string {
  const { source } = inventory;
  if (source.kind === 'static') {
    return `Static ${source.format === 'ini' ? 'INI' : 'YAML'}`;
  }
  const parts = [
    source.groups?.length ? `groups ${listed(source.groups)}` : '',
    source.tags?.length ? `tags ${listed(source.tags)}` : '',
    source.machineIds?.length
      ? countOf(source.machineIds.length, 'picked machine')
      : '',
    source.clusterId ? 'a cluster' : '',
  ].filter(Boolean);
  return `Registry: ${parts.join(', ') || 'nothing yet'}`;
}

/** The hosts an inventory resolves to now, in a dialog. */
function ResolvedDialog(props: { inventory: Inventory; onClose: () => void }) {
  const api = useApi(automationApiRef);
  const resolved = useAsyncRetry(
    () => api.getResolvedInventory(props.inventory.id),
    [api, props.inventory.id],
  );
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>Hosts of {props.inventory.name} right now</DialogTitle>
      <DialogContent>
        {resolved.error && (
          <Alert severity="error">{friendlyMessage(resolved.error)}</Alert>
        )}
        {resolved.loading && <Progress />}
        {resolved.value && <ResolvedInventoryView resolved={resolved.value} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Every inventory, with the hosts each resolves to. */
export function InventoriesTab() {
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const paging = usePaging();
  const [editing, setEditing] = useState<Inventory | 'new'>();
  const [showing, setShowing] = useState<Inventory>();
  const [deleting, setDeleting] = useState<Inventory>();
  const list = useAsyncRetry(
    () =>
      api.listInventories({ limit: paging.rowsPerPage, offset: paging.offset }),
    [api, paging.rowsPerPage, paging.offset],
  );
  const totalCount = list.value?.totalCount ?? 0;
  const add = permissions.canEdit && (
    <AddButton onClick={() => setEditing('new')}>Add inventory</AddButton>
  );
  return (
    <Stack spacing={2}>
      <ListHeader testId="inventories-count" actions={add}>
        {countOf(totalCount, 'inventory', 'inventories')}
      </ListHeader>
      <ListPageBody
        noun="inventories"
        list={list}
        onRetry={list.retry}
        isEmpty={totalCount === 0}
        emptyState={{
          title: 'No inventories yet',
          description:
            'An inventory says which machines a playbook runs on: machine groups, tags, picked machines or a cluster, live from the registry.',
          canAdd: permissions.canEdit || permissions.loading,
          readOnlyDescription: 'Operators and admins add inventories.',
          action: add,
        }}
      >
        <HeadedTable
          label="Inventories"
          columns={[
            'Name',
            'Hosts from',
            'Owner',
            { label: 'Actions', align: 'right' },
          ]}
          pagination={{ totalCount, ...paging }}
        >
          {(list.value?.items ?? []).map(inventory => (
            <TableRow key={inventory.id} hover data-testid="inventory-row">
              <TableCell>{inventory.name}</TableCell>
              <TableCell>{describeInventory(inventory)}</TableCell>
              <TableCell>{who(inventory.owner)}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <RowAction
                  title="Hosts now"
                  label={`Hosts of ${inventory.name}`}
                  icon={<HostsIcon fontSize="small" />}
                  onClick={() => setShowing(inventory)}
                />
                {permissions.mayChange(inventory.owner) && (
                  <RowAction
                    title="Edit"
                    label={`Edit ${inventory.name}`}
                    icon={<EditIcon fontSize="small" />}
                    onClick={() => setEditing(inventory)}
                  />
                )}
                {permissions.canDelete && (
                  <RowAction
                    title="Delete"
                    label={`Delete ${inventory.name}`}
                    icon={<DeleteIcon fontSize="small" />}
                    onClick={() => setDeleting(inventory)}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      </ListPageBody>
      {editing && (
        <InventoryDialog
          inventory={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.retry();
          }}
        />
      )}
      {showing && (
        <ResolvedDialog
          inventory={showing}
          onClose={() => setShowing(undefined)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.deleteInventory(deleting.id);
            setDeleting(undefined);
            list.retry();
          }}
        >
          Templates that use it can no longer run until they get another.
        </ConfirmDialog>
      )}
    </Stack>
  );
}
