import {
  createFrontendModule,
  ErrorDisplay,
} from '@backstage/frontend-plugin-api';
import { SwappableComponentBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's error display (Backstage's expanded error panel with the
 * stack trace) with a message and a retry button.
 */
export const errorDisplay = SwappableComponentBlueprint.make({
  name: 'core-error-display',
  params: define =>
    define({
      component: ErrorDisplay,
      loader: () => import('./FriendlyError').then(m => m.FriendlyError),
    }),
});

export const errorsModule = createFrontendModule({
  pluginId: 'app',
  extensions: [errorDisplay],
});
