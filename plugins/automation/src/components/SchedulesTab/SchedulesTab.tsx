import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
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
  TimeAgo,
  useNow,
  usePaging,
} from '@opssight/plugin-api-react';
import { automationApiRef, type Schedule } from '../../api';
import { who } from '../../format';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { formatInZone, ScheduleDialog } from './ScheduleDialog';

/** Every schedule: when it fires next, whether it is on. */
export function SchedulesTab() {
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const paging = usePaging();
  const now = useNow();
  const [editing, setEditing] = useState<Schedule | 'new'>();
  const [deleting, setDeleting] = useState<Schedule>();
  const [toggleError, setToggleError] = useState<string>();
  const list = useAsyncRetry(
    () =>
      api.listSchedules({ limit: paging.rowsPerPage, offset: paging.offset }),
    [api, paging.rowsPerPage, paging.offset],
  );
  const templates = useAsyncRetry(
    async () =>
      new Map(
        (await api.listTemplates({ limit: 500 })).items.map(t => [
          t.id,
          t.name,
        ]),
      ),
    [api],
  );
  const totalCount = list.value?.totalCount ?? 0;
  const add = permissions.canEdit && (
    <AddButton onClick={() => setEditing('new')}>Add schedule</AddButton>
  );

  const toggle = async (schedule: Schedule) => {
    setToggleError(undefined);
    try {
      await api.updateSchedule(schedule.id, {
        templateId: schedule.templateId,
        name: schedule.name,
        cron: schedule.cron,
        timezone: schedule.timezone,
        enabled: !schedule.enabled,
        catchUp: schedule.catchUp,
        answers: schedule.answers,
      });
      list.retry();
    } catch (e) {
      setToggleError(
        `Could not change ${schedule.name}: ${friendlyMessage(e)}`,
      );
    }
  };

  return (
    <Stack spacing={2}>
      <ListHeader testId="schedules-count" actions={add}>
        {countOf(totalCount, 'schedule')}
      </ListHeader>
      <ListPageBody
        noun="schedules"
        list={list}
        onRetry={list.retry}
        isEmpty={totalCount === 0}
        emptyState={{
          title: 'No schedules yet',
          description:
            'A schedule runs a template on a cron expression in a time zone.',
          canAdd: permissions.canEdit || permissions.loading,
          readOnlyDescription: 'Operators and admins add schedules.',
          action: add,
        }}
      >
        <HeadedTable
          label="Schedules"
          columns={[
            'Name',
            'Template',
            'When',
            'Next run',
            'Last run',
            'Owner',
            'Enabled',
            { label: 'Actions', align: 'right' },
          ]}
          pagination={{ totalCount, ...paging }}
        >
          {(list.value?.items ?? []).map(schedule => {
            const mayChange = permissions.mayChange(schedule.owner);
            return (
              <TableRow key={schedule.id} hover data-testid="schedule-row">
                <TableCell>{schedule.name}</TableCell>
                <TableCell>
                  {templates.value?.get(schedule.templateId) ?? '—'}
                </TableCell>
                <TableCell>
                  <code>{schedule.cron}</code> · {schedule.timezone}
                </TableCell>
                <TableCell>
                  {schedule.nextFireAt
                    ? formatInZone(schedule.nextFireAt, schedule.timezone)
                    : '—'}
                </TableCell>
                <TableCell>
                  {schedule.lastError ? (
                    <Tooltip title={schedule.lastError}>
                      <Chip size="small" color="error" label="did not start" />
                    </Tooltip>
                  ) : (
                    <TimeAgo at={schedule.lastFiredAt} now={now} />
                  )}
                </TableCell>
                <TableCell>{who(schedule.owner)}</TableCell>
                <TableCell>
                  <Switch
                    size="small"
                    checked={schedule.enabled}
                    disabled={!mayChange}
                    onChange={() => toggle(schedule)}
                    inputProps={{
                      'aria-label': `${schedule.name} enabled`,
                    }}
                  />
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {mayChange && (
                    <RowAction
                      title="Edit"
                      label={`Edit ${schedule.name}`}
                      icon={<EditIcon fontSize="small" />}
                      onClick={() => setEditing(schedule)}
                    />
                  )}
                  {permissions.canDelete && (
                    <RowAction
                      title="Delete"
                      label={`Delete ${schedule.name}`}
                      icon={<DeleteIcon fontSize="small" />}
                      onClick={() => setDeleting(schedule)}
                    />
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </HeadedTable>
      </ListPageBody>
      {toggleError && (
        <Chip
          color="error"
          label={toggleError}
          onDelete={() => setToggleError(undefined)}
        />
      )}
      {editing && (
        <ScheduleDialog
          schedule={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.retry();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.deleteSchedule(deleting.id);
            setDeleting(undefined);
            list.retry();
          }}
        >
          The template stays; it just no longer runs on this schedule.
        </ConfirmDialog>
      )}
    </Stack>
  );
}
