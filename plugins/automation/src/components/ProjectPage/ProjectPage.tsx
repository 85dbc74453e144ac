import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
  useRouteRefParams,
} from '@backstage/frontend-plugin-api';
import {
  ConfirmDialog,
  errorStatus,
  friendlyMessage,
} from '@opssight/plugin-api-react';
import { automationApiRef } from '../../api';
import { who } from '../../format';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { projectRouteRef, rootRouteRef } from '../../routes';
import { describeSource } from '../ProjectsTab/ProjectsTab';
import { ProjectDialog } from '../ProjectsTab/ProjectDialog';
import { StoredFiles } from './StoredFiles';
import { SyntaxCheckCard } from './SyntaxCheckCard';
import { VersionsCard } from './VersionsCard';

/** `/automation/projects/:id`: a project's files, syntax check and versions. */
export function ProjectPage() {
  const { id } = useRouteRefParams(projectRouteRef);
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const navigate = useNavigate();
  const root = useRouteRef(rootRouteRef)?.() ?? '/automation';
  const project = useAsyncRetry(() => api.getProject(id), [api, id]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [checkRevision, setCheckRevision] = useState(0);
  const [openPath, setOpenPath] = useState<string>();

  let content;
  if (project.error) {
    content =
      errorStatus(project.error) === 404 ? (
        <Alert severity="warning">
          No such project: it may have been deleted. Every project is on the
          Projects tab.
        </Alert>
      ) : (
        <Alert
          severity="error"
          action={<Button onClick={project.retry}>Retry</Button>}
        >
          Could not load the project: {friendlyMessage(project.error)}
        </Alert>
      );
  } else if (!project.value) {
    content = <Progress />;
  } else {
    const p = project.value;
    const mayChange = permissions.mayChange(p.owner);
    const stored = p.source.kind === 'files';
    const latest = p.latestVersion ?? 0;
    const saved = () => {
      project.retry();
      setCheckRevision(n => n + 1);
    };
    content = (
      <Stack spacing={3}>
        <Stack direction="row" spacing={2} alignItems="flex-start">
          <Box sx={{ flexGrow: 1 }}>
            <Typography variant="h4" component="h1">
              {p.name}
            </Typography>
            <Typography color="text.secondary">
              {p.description || 'No description'} · {describeSource(p)} · owned
              by {who(p.owner)}
            </Typography>
          </Box>
          {mayChange && (
            <Button variant="outlined" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {permissions.canDelete && (
            <Button
              variant="outlined"
              color="error"
              onClick={() => setDeleting(true)}
            >
              Delete
            </Button>
          )}
        </Stack>
        {stored && latest > 0 && (
          <StoredFiles
            projectId={p.id}
            version={latest}
            canEdit={mayChange}
            openPath={openPath}
            onSaved={saved}
            onReload={project.retry}
          />
        )}
        <SyntaxCheckCard
          projectId={p.id}
          revision={checkRevision}
          canCheck={permissions.canEdit}
          onOpenFile={stored ? setOpenPath : undefined}
        />
        {stored && latest > 0 && (
          <VersionsCard
            projectId={p.id}
            latest={latest}
            canRestore={mayChange}
            onRestored={saved}
          />
        )}
        {editing && (
          <ProjectDialog
            project={p}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              project.retry();
            }}
          />
        )}
        {deleting && (
          <ConfirmDialog
            title={`Delete ${p.name}?`}
            confirmLabel="Delete"
            onClose={() => setDeleting(false)}
            onConfirm={async () => {
              await api.deleteProject(p.id);
              navigate(`${root}/projects`);
            }}
          >
            Its versions go with it. Templates that use it can no longer run.
          </ConfirmDialog>
        )}
      </Stack>
    );
  }

  return (
    <BreadcrumbEntry
      entry={{ label: project.value?.name ?? 'Project', href: '' }}
    >
      <Box sx={{ p: 3 }}>{content}</Box>
    </BreadcrumbEntry>
  );
}
