import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The terminal tabs, `/terminal`; `?machine=<id>` opens one on that machine. */
export const rootRouteRef = createRouteRef();

/** The recordings list, `/terminal/recordings`. */
export const recordingsRouteRef = createRouteRef();

/** One recording's player, `/terminal/recordings/:id`. */
export const recordingRouteRef = createRouteRef({ params: ['id'] });
