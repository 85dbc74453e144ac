import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  AddButton,
  countOf,
  HeadedTable,
  ListHeader,
  ListPageBody,
  TimeAgo,
  useNow,
  usePaging,
} from '@opssight/plugin-api-react';
import { automationApiRef, type Project } from '../../api';
import { who } from '../../format';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { projectRouteRef } from '../../routes';
import { ProjectDialog } from './ProjectDialog';

export function describeSource(project: Project): string {
  const { source } = project;
  if (source.kind === 'files') {
    return project.latestVersion
      ? `Stored · version ${project.latestVersion}`
      : 'Stored';
  }
  return `${source.url} @ ${source.ref}${
    source.subPath ? ` · ${source.subPath}` : ''
  }`;
}

/** Every project: where its playbooks come from, who owns it. */
export function ProjectsTab() {
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const projectLink = useRouteRef(projectRouteRef);
  const navigate = useNavigate();
  const paging = usePaging();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const list = useAsyncRetry(
    () =>
      api.listProjects({ limit: paging.rowsPerPage, offset: paging.offset }),
    [api, paging.rowsPerPage, paging.offset],
  );
  const totalCount = list.value?.totalCount ?? 0;
  const add = permissions.canEdit && (
    <AddButton onClick={() => setAdding(true)}>Add project</AddButton>
  );
  return (
    <Stack spacing={2}>
      <ListHeader testId="projects-count" actions={add}>
        {countOf(totalCount, 'project')}
      </ListHeader>
      <ListPageBody
        noun="projects"
        list={list}
        onRetry={list.retry}
        isEmpty={totalCount === 0}
        emptyState={{
          title: 'No projects yet',
          description:
            'A project holds playbooks: stored and versioned here, or from a git repository.',
          canAdd: permissions.canEdit || permissions.loading,
          readOnlyDescription: 'Operators and admins add projects.',
          action: add,
        }}
      >
        <HeadedTable
          label="Projects"
          columns={['Name', 'Playbooks from', 'Owner', 'Changed']}
          pagination={{ totalCount, ...paging }}
        >
          {(list.value?.items ?? []).map(project => (
            <TableRow key={project.id} hover data-testid="project-row">
              <TableCell>
                {projectLink ? (
                  <Link to={projectLink({ id: project.id })}>
                    {project.name}
                  </Link>
                ) : (
                  project.name
                )}
              </TableCell>
              <TableCell sx={{ wordBreak: 'break-all' }}>
                {describeSource(project)}
              </TableCell>
              <TableCell>{who(project.owner)}</TableCell>
              <TableCell>
                <TimeAgo at={project.updatedAt} now={now} />
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      </ListPageBody>
      {adding && (
        <ProjectDialog
          onClose={() => setAdding(false)}
          onSaved={project => {
            setAdding(false);
            if (projectLink) navigate(projectLink({ id: project.id }));
            else list.retry();
          }}
        />
      )}
    </Stack>
  );
}
