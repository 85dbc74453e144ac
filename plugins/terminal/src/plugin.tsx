import TerminalIcon from '@mui/icons-material/Terminal';
import {
  ApiBlueprint,
  createFrontendPlugin,
  identityApiRef,
  PageBlueprint,
  PluginHeaderActionBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  apiClientExtension,
  predicateName,
  roleGatedPage,
} from '@opssight/plugin-api-react';
import {
  terminalRecordingReadPermission,
  terminalSessionCreatePermission,
} from '@opssight/plugin-terminal-common';
import { terminalApiRef, TerminalClient } from './api';
import { recordingRouteRef, recordingsRouteRef, rootRouteRef } from './routes';
import { TerminalSessions, terminalSessionsApiRef } from './session';

export const terminalApi = apiClientExtension(terminalApiRef, TerminalClient);

/** The open terminal tabs live as long as the app, not the page. */
export const terminalSessionsApi = ApiBlueprint.make({
  name: 'sessions',
  params: defineParams =>
    defineParams({
      api: terminalSessionsApiRef,
      deps: { terminalApi: terminalApiRef, identityApi: identityApiRef },
      factory: deps => new TerminalSessions(deps),
    }),
});

/** The permissions as extension predicates name them, `name#action`; the app asks once per session. */
export const SESSION_CREATE_PREDICATE = predicateName(
  terminalSessionCreatePermission,
);
export const RECORDING_READ_PREDICATE = predicateName(
  terminalRecordingReadPermission,
);

const mayWatchRecordings = {
  permissions: { $contains: RECORDING_READ_PREDICATE },
};

/**
 * The terminal tabs, for those who may open terminals. Its title and icon make
 * its sidebar entry, so the entry exists only for them too; and only for them
 * does the route resolve, which is how other plugins' "Open terminal" buttons
 * (bound to it) know to show. Everyone else who follows a link to /terminal
 * (or its recordings) learns why it is not for them, rather than meeting a 404.
 */
export const { page: terminalPage, notForYourRolePage } = roleGatedPage({
  permission: terminalSessionCreatePermission,
  page: {
    path: '/terminal',
    title: 'Terminal',
    icon: <TerminalIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TerminalPage').then(m => <m.TerminalPage />),
  },
  notForYourRole: {
    name: 'not-for-your-role',
    title: 'Terminals are for operators and admins',
    description:
      'Your role can look at machines, but not open shells on them or watch session recordings. Ask an admin for the Operator role if your work needs it.',
  },
});

export const recordingsPage = PageBlueprint.make({
  name: 'recordings',
  if: mayWatchRecordings,
  params: {
    path: '/terminal/recordings',
    routeRef: recordingsRouteRef,
    loader: () =>
      import('./components/RecordingsPage').then(m => <m.RecordingsPage />),
  },
});

export const recordingPage = PageBlueprint.make({
  name: 'recording',
  if: mayWatchRecordings,
  params: {
    path: '/terminal/recordings/:id',
    routeRef: recordingRouteRef,
    loader: () =>
      import('./components/RecordingPage').then(m => <m.RecordingPage />),
  },
});

/** "Recordings" in the header of the terminal pages. */
export const recordingsHeaderAction = PluginHeaderActionBlueprint.make({
  name: 'recordings',
  params: {
    loader: () =>
      import('./components/RecordingsLink').then(m => <m.RecordingsLink />),
  },
});

export const terminalPlugin = createFrontendPlugin({
  pluginId: 'terminal',
  title: 'Terminal',
  routes: {
    root: rootRouteRef,
    recordings: recordingsRouteRef,
    recording: recordingRouteRef,
  },
  extensions: [
    terminalApi,
    terminalSessionsApi,
    terminalPage,
    recordingsPage,
    recordingPage,
    notForYourRolePage,
    recordingsHeaderAction,
  ],
});
