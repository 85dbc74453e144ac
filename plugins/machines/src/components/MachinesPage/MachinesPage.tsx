import { useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import FolderIcon from '@mui/icons-material/Folder';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FilterSelect,
  ListPageBody,
  NoMatches,
  SearchField,
  useListQuery,
  usePaging,
  SuccessNotice,
  WrapRow,
} from '@opssight/plugin-api-react';
import type {
  ConnectionTestRequest,
  Machine,
  MachineSortField,
} from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../../api';
import { useConnectionTest } from '../../hooks/useConnectionTest';
import { useMachineFilterOptions } from '../../hooks/useMachineFilterOptions';
import { useMachinePermissions } from '../../hooks/useMachinePermissions';
import { useTerminalLink } from '../../hooks/useTerminalLink';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { BulkAddDialog } from '../BulkAddDialog';
import { DeleteMachineDialog } from '../DeleteMachineDialog';
import { ConnectionTestProgress } from '../ConnectionTestProgress';
import { ConnectionTestCredentialSelect } from '../CredentialSelect';
import { GroupsDialog } from '../GroupsDialog';
import { MachineFormDialog } from '../MachineFormDialog';
import { MachinesTable, type MachineStatus } from '../MachinesTable';
import { ForgetHostKeyDialog } from '../ForgetHostKeyDialog';

const ANY = '';

/** The filters by group and by tag, and where their choices come from. */
const NAME_FILTERS = [
  { field: 'group', label: 'Group', anyLabel: 'All groups', choices: 'groups' },
  { field: 'tag', label: 'Tag', anyLabel: 'All tags', choices: 'tags' },
] as const;

/** Group or tag names with how many machines have each, for a filter. */
function counted(names?: { name: string; machineCount: number }[]) {
  return (names ?? []).map(n => ({ value: n.name, count: n.machineCount }));
}

function isTarget(machine: Machine, request: ConnectionTestRequest) {
  if (request.all) return true;
  if (request.group) return machine.groups.includes(request.group);
  return request.machineIds?.includes(machine.id) ?? false;
}

export function MachinesPage() {
  const api = useApi(machinesApiRef);
  const permissions = useMachinePermissions();
  const terminalLink = useTerminalLink();

  // Search, group and tag live in the URL: a filtered list can be bookmarked and shared.
  const [filters, setFilters] = useUrlFilters();
  const [searchText, setSearchText] = useState(filters.q);
  const q = filters.q;
  useDebounce(() => setFilters({ q: searchText.trim() }), 300, [searchText]);
  const { group, tag } = filters;
  const clearFilters = () => {
    setSearchText('');
    setFilters({ q: '', group: ANY, tag: ANY });
  };
  const paging = usePaging();
  const [orderBy, setOrderBy] = useState<MachineSortField>('hostname');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');

  // A new search or filter starts from the first page.
  const [lastFilters, setLastFilters] = useState(`${q}|${group}|${tag}`);
  if (lastFilters !== `${q}|${group}|${tag}`) {
    setLastFilters(`${q}|${group}|${tag}`);
    paging.firstPage();
  }

  // While a new page loads the last one stays, so typing a search does not
  // make the table flicker.
  const list = useListQuery(query => api.listMachines(query), {
    q: q || undefined,
    group: group || undefined,
    tag: tag || undefined,
    limit: paging.rowsPerPage,
    offset: paging.offset,
    orderBy,
    order,
  });
  const options = useMachineFilterOptions();

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [form, setForm] = useState<{ machine?: Machine }>();
  const [bulkOpen, setBulkOpen] = useState(false);
  const [groupsOpen, setGroupsOpen] = useState(false);
  const [deleting, setDeleting] = useState<Machine>();
  const [forgetting, setForgetting] = useState<Machine>();
  const [testMenu, setTestMenu] = useState<HTMLElement | null>(null);
  const [notice, setNotice] = useState<string>();

  const refresh = () => {
    list.reload();
    options.reload();
  };

  const connection = useConnectionTest({ onFinished: () => list.reload() });
  const statusOf = (machine: Machine): MachineStatus => {
    const live = connection.results.get(machine.id);
    // Until the test's machines are known, every machine it asked for is under test.
    const underTest =
      connection.targets.length > 0
        ? connection.testing.has(machine.id)
        : !!connection.request && isTarget(machine, connection.request);
    return {
      result: live ?? machine.lastCheck,
      testing: !live && connection.running && underTest,
    };
  };

  const test = (request: ConnectionTestRequest) => {
    setTestMenu(null);
    connection.start(request);
  };

  const machines = list.value?.items ?? [];
  const totalCount = list.value?.totalCount ?? 0;
  const filtering = !!(q || group || tag);
  const names = useMemo(
    () => new Map((list.value?.items ?? []).map(m => [m.id, m.hostname])),
    [list.value],
  );

  const addButtons = permissions.canCreate && (
    <>
      <Button
        startIcon={<PlaylistAddIcon />}
        variant="outlined"
        onClick={() => setBulkOpen(true)}
      >
        Bulk add
      </Button>
      <Button
        startIcon={<AddIcon />}
        variant="contained"
        onClick={() => setForm({})}
      >
        Add machine
      </Button>
    </>
  );

  const body = (
    <ListPageBody
      noun="machines"
      list={list}
      onRetry={list.reload}
      isEmpty={totalCount === 0 && !filtering && !list.loading}
      empty={
        <EmptyState
          missing="data"
          title="No machines yet"
          description={
            permissions.canCreate || permissions.loading
              ? 'Add the machines your teams run on: one at a time, or paste a list (or pick a CSV file) to add many at once.'
              : 'There are no machines in the registry yet, and your role cannot add any.'
          }
          action={
            addButtons ? (
              <Stack direction="row" spacing={1}>
                {addButtons}
              </Stack>
            ) : undefined
          }
        />
      }
    >
      {selected.size > 0 && (
        <Stack
          direction="row"
          alignItems="center"
          spacing={2}
          sx={{ px: 2, py: 1, bgcolor: 'action.selected' }}
        >
          <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
            {selected.size} selected
          </Typography>
          <Button
            startIcon={<NetworkCheckIcon />}
            onClick={() => test({ machineIds: [...selected] })}
            disabled={connection.running}
          >
            Test selected
          </Button>
          <Button onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </Stack>
      )}
      {machines.length === 0 ? (
        <NoMatches onClear={clearFilters}>
          No machines match these filters.
        </NoMatches>
      ) : (
        <MachinesTable
          machines={machines}
          totalCount={totalCount}
          {...paging}
          orderBy={orderBy}
          order={order}
          onSort={field => {
            setOrder(orderBy === field && order === 'asc' ? 'desc' : 'asc');
            setOrderBy(field);
          }}
          selected={selected}
          statusOf={statusOf}
          {...(permissions.canTest && {
            onSelectedChange: setSelected,
            onTest: machine => test({ machineIds: [machine.id] }),
          })}
          {...(permissions.canUpdate && {
            onEdit: machine => setForm({ machine }),
            onForgetHostKey: setForgetting,
          })}
          {...(permissions.canDelete && { onDelete: setDeleting })}
          terminalLink={terminalLink}
        />
      )}
    </ListPageBody>
  );

  const showToolbar = !!list.value && (totalCount > 0 || filtering);

  return (
    <Box sx={{ p: 3 }}>
      <Stack spacing={2}>
        {showToolbar && (
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography
              variant="subtitle1"
              color="text.secondary"
              sx={{ flexGrow: 1 }}
              data-testid="machines-count"
            >
              {filtering
                ? `${totalCount} matching ${
                    totalCount === 1 ? 'machine' : 'machines'
                  }`
                : `${totalCount} ${totalCount === 1 ? 'machine' : 'machines'}`}
            </Typography>
            <Button
              startIcon={<FolderIcon />}
              variant="outlined"
              onClick={() => setGroupsOpen(true)}
            >
              Groups
            </Button>
            {addButtons}
          </Stack>
        )}
        {showToolbar && (
          <WrapRow spacing={2}>
            <SearchField
              label="Search machines"
              placeholder="IP, host name or application"
              value={searchText}
              onChange={setSearchText}
              minWidth={300}
            />
            {NAME_FILTERS.map(({ field, label, anyLabel, choices }) => (
              <FilterSelect
                key={field}
                label={label}
                value={filters[field]}
                onChange={value => setFilters({ [field]: value })}
                anyLabel={anyLabel}
                options={counted(options[choices].value)}
              />
            ))}
            {(searchText || group || tag) && machines.length > 0 && (
              <Button size="small" onClick={clearFilters}>
                Clear filters
              </Button>
            )}
            <Box sx={{ flexGrow: 1 }} />
            {permissions.canTest && (
              <ConnectionTestCredentialSelect state={connection} />
            )}
            {permissions.canTest && (
              <Button
                startIcon={<NetworkCheckIcon />}
                endIcon={<ArrowDropDownIcon />}
                variant="outlined"
                onClick={e => setTestMenu(e.currentTarget)}
                disabled={connection.running}
                aria-haspopup="menu"
              >
                Test connection
              </Button>
            )}
            <Menu
              anchorEl={testMenu}
              open={!!testMenu}
              onClose={() => setTestMenu(null)}
            >
              <MenuItem
                disabled={selected.size === 0}
                onClick={() => test({ machineIds: [...selected] })}
              >
                Selected machines ({selected.size})
              </MenuItem>
              {group && (
                <MenuItem onClick={() => test({ group })}>
                  Group {group}
                </MenuItem>
              )}
              <MenuItem onClick={() => test({ all: true })}>
                All machines
              </MenuItem>
            </Menu>
          </WrapRow>
        )}

        <ConnectionTestProgress
          state={connection}
          machineName={id => names.get(id)}
          onDismiss={connection.clear}
          onRetestFailed={
            permissions.canTest
              ? machineIds => connection.start({ machineIds })
              : undefined
          }
        />

        {body}
      </Stack>

      {form && (
        <MachineFormDialog
          open
          machine={form.machine}
          groupOptions={options.groupNames}
          tagOptions={options.tagNames}
          onClose={() => setForm(undefined)}
          onSaved={saved => {
            setNotice(
              form.machine
                ? `Saved ${saved.hostname}`
                : `Added ${saved.hostname} (${saved.ip})`,
            );
            setForm(undefined);
            refresh();
          }}
        />
      )}

      <BulkAddDialog
        open={bulkOpen}
        onClose={() => setBulkOpen(false)}
        onImported={result => {
          setNotice(
            `${result.created.length} ${
              result.created.length === 1 ? 'machine' : 'machines'
            } added`,
          );
          refresh();
        }}
      />

      <GroupsDialog
        open={groupsOpen}
        groups={options.groups.value}
        loading={options.groups.loading}
        error={options.groups.error}
        onClose={() => setGroupsOpen(false)}
        onChanged={refresh}
        canEdit={permissions.canUpdate}
        canDelete={permissions.canDelete}
        {...(permissions.canTest && {
          onTestGroup: (name: string) => {
            setGroupsOpen(false);
            test({ group: name });
          },
        })}
      />

      {deleting && (
        <DeleteMachineDialog
          machine={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setSelected(s => {
              const next = new Set(s);
              next.delete(deleting.id);
              return next;
            });
            setNotice(`Deleted ${deleting.hostname}`);
            refresh();
          }}
        />
      )}

      {forgetting && (
        <ForgetHostKeyDialog
          machine={forgetting}
          seen={statusOf(forgetting).result}
          onClose={() => setForgetting(undefined)}
          onForgotten={() => {
            setNotice(`Forgot the pinned host key of ${forgetting.hostname}`);
            list.reload();
          }}
        />
      )}

      <SuccessNotice message={notice} onClose={() => setNotice(undefined)} />
    </Box>
  );
}
