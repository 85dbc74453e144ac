import {
  Link as RouterLink,
  Route,
  Routes,
  useLocation,
} from 'react-router-dom';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../../routes';
import { HomeTab } from './HomeTab';
import { ProjectsTab } from '../ProjectsTab';
import { InventoriesTab } from '../InventoriesTab';
import { TemplatesTab } from '../TemplatesTab';
import { SchedulesTab } from '../SchedulesTab';
import { RunsTab } from '../RunsTab';

const TABS = [
  { path: '', label: 'Overview', element: <HomeTab /> },
  { path: 'projects', label: 'Projects', element: <ProjectsTab /> },
  { path: 'inventories', label: 'Inventories', element: <InventoriesTab /> },
  { path: 'templates', label: 'Templates', element: <TemplatesTab /> },
  { path: 'schedules', label: 'Schedules', element: <SchedulesTab /> },
  { path: 'runs', label: 'Runs', element: <RunsTab /> },
];

/** `/automation` and its tabs, each at a sub-path so it can be linked to. */
export function AutomationPage() {
  const root = useRouteRef(rootRouteRef)?.() ?? '/automation';
  const { pathname } = useLocation();
  const rest = pathname.startsWith(root)
    ? pathname.slice(root.length).replace(/^\/+/, '')
    : '';
  const current = TABS.find(t => t.path && rest.startsWith(t.path))?.path ?? '';

  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h4" component="h1" sx={{ mb: 1 }}>
        Automation
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Ansible playbooks on the registered machines: projects, inventories,
        templates with their surveys, schedules and runs.
      </Typography>
      <Tabs value={current} sx={{ mb: 3 }} aria-label="Automation">
        {TABS.map(tab => (
          <Tab
            key={tab.path}
            value={tab.path}
            label={tab.label}
            component={RouterLink}
            to={tab.path ? `${root}/${tab.path}` : root}
          />
        ))}
      </Tabs>
      <Routes>
        {TABS.map(tab => (
          <Route
            key={tab.path}
            path={tab.path ? `${tab.path}/*` : ''}
            element={tab.element}
          />
        ))}
      </Routes>
    </Box>
  );
}
