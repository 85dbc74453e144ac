import TerminalIcon from '@mui/icons-material/Terminal';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  PageBlueprint,
  PluginHeaderActionBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  terminalRecordingReadPermission,
  terminalSessionCreatePermission,
} from '@opssight/plugin-terminal-common';
import { terminalApiRef, TerminalClient } from './api';
import { recordingRouteRef, recordingsRouteRef, rootRouteRef } from './routes';
import { TerminalSessions, terminalSessionsApiRef } from './session';

export const terminalApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: terminalApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TerminalClient({ discoveryApi, fetchApi }),
    }),
});

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

/** A permission as extension predicates name it, `name#action`; the app asks once per session. */
function predicate(permission: {
  name: string;
  attributes: { action?: string };
}) {
  return `${permission.name}#${permission.attributes.action}`;
}

export const SESSION_CREATE_PREDICATE = predicate(
  terminalSessionCreatePermission,
);
export const RECORDING_READ_PREDICATE = predicate(
  terminalRecordingReadPermission,
);

const mayOpenTerminals = {
  permissions: { $contains: SESSION_CREATE_PREDICATE },
};
const mayWatchRecordings = {
  permissions: { $contains: RECORDING_READ_PREDICATE },
};

/**
 * The terminal tabs, for those who may open terminals. Its title and icon make
 * its sidebar entry, so the entry exists only for them too; and only for them
 * does the route resolve, which is how other plugins' "Open terminal" buttons
 * (bound to it) know to show.
 */
export const terminalPage = PageBlueprint.make({
  if: mayOpenTerminals,
  params: {
    path: '/terminal',
    title: 'Terminal',
    icon: <TerminalIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TerminalPage').then(m => <m.TerminalPage />),
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

/**
 * Everyone else who follows a link to /terminal (or its recordings) learns why
 * it is not for them, rather than meeting a 404. No icon, so no sidebar entry.
 */
export const notForYourRolePage = PageBlueprint.make({
  name: 'not-for-your-role',
  if: { $not: mayOpenTerminals },
  params: {
    path: '/terminal',
    loader: () =>
      import('./components/NotForYourRole').then(m => <m.NotForYourRole />),
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
