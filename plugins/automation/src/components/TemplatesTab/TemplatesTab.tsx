import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  AddButton,
  ConfirmDialog,
  countOf,
  HeadedTable,
  ListHeader,
  ListPageBody,
  RowAction,
  usePaging,
} from '@opssight/plugin-api-react';
import type { Template } from '@opssight/plugin-automation-common';
import { automationApiRef } from '../../api';
import { who } from '../../format';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { runRouteRef } from '../../routes';
import { SurveyDialog } from '../SurveyDialog';
import { TemplateDialog } from './TemplateDialog';

/** Every template; Run asks its survey and opens the run. */
export function TemplatesTab() {
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const runLink = useRouteRef(runRouteRef);
  const navigate = useNavigate();
  const paging = usePaging();
  const [editing, setEditing] = useState<Template | 'new'>();
  const [running, setRunning] = useState<Template>();
  const [deleting, setDeleting] = useState<Template>();
  const list = useAsyncRetry(
    () =>
      api.listTemplates({ limit: paging.rowsPerPage, offset: paging.offset }),
    [api, paging.rowsPerPage, paging.offset],
  );
  const projects = useAsyncRetry(
    async () =>
      new Map(
        (await api.listProjects({ limit: 500 })).items.map(p => [p.id, p.name]),
      ),
    [api],
  );
  const totalCount = list.value?.totalCount ?? 0;
  const add = permissions.canEdit && (
    <AddButton onClick={() => setEditing('new')}>Add template</AddButton>
  );
  return (
    <Stack spacing={2}>
      <ListHeader testId="templates-count" actions={add}>
        {countOf(totalCount, 'template')}
      </ListHeader>
      <ListPageBody
        noun="templates"
        list={list}
        onRetry={list.retry}
        isEmpty={totalCount === 0}
        emptyState={{
          title: 'No templates yet',
          description:
            'A template is a playbook of a project, an inventory and the credentials to run it with; Run starts it.',
          canAdd: permissions.canEdit || permissions.loading,
          readOnlyDescription: 'Operators and admins add templates.',
          action: add,
        }}
      >
        <HeadedTable
          label="Templates"
          columns={[
            'Name',
            'Playbook',
            'Survey',
            'Owner',
            { label: 'Actions', align: 'right' },
          ]}
          pagination={{ totalCount, ...paging }}
        >
          {(list.value?.items ?? []).map(template => (
            <TableRow key={template.id} hover data-testid="template-row">
              <TableCell>{template.name}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {projects.value?.get(template.projectId) ?? 'project'} ·{' '}
                {template.playbook}
              </TableCell>
              <TableCell>
                {template.survey.length
                  ? countOf(template.survey.length, 'question')
                  : '—'}
              </TableCell>
              <TableCell>{who(template.owner)}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {permissions.canRun && (
                  <Button
                    size="small"
                    variant="outlined"
                    startIcon={<PlayArrowIcon />}
                    aria-label={`Run ${template.name}`}
                    onClick={() => setRunning(template)}
                    sx={{ mr: 1 }}
                  >
                    Run
                  </Button>
                )}
                {permissions.mayChange(template.owner) && (
                  <RowAction
                    title="Edit"
                    label={`Edit ${template.name}`}
                    icon={<EditIcon fontSize="small" />}
                    onClick={() => setEditing(template)}
                  />
                )}
                {permissions.canDelete && (
                  <RowAction
                    title="Delete"
                    label={`Delete ${template.name}`}
                    icon={<DeleteIcon fontSize="small" />}
                    onClick={() => setDeleting(template)}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      </ListPageBody>
      {editing && (
        <TemplateDialog
          template={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.retry();
          }}
        />
      )}
      {running && (
        <SurveyDialog
          template={running}
          onClose={() => setRunning(undefined)}
          onRun={async answers => {
            const started = await api.startRun(running.id, { answers });
            setRunning(undefined);
            if (runLink) navigate(runLink({ id: started.job.id }));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.deleteTemplate(deleting.id);
            setDeleting(undefined);
            list.retry();
          }}
        >
          Its schedules stop; its past runs stay.
        </ConfirmDialog>
      )}
    </Stack>
  );
}
