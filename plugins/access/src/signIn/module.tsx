import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * OpsSight's sign-in page in place of the app's default (guest) one: local
 * accounts with the forced password change, and GitHub when configured.
 *
 * @public
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => (await import('./SignInPage')).SignInPage,
      },
    }),
  ],
});
