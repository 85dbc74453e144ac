import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import homePlugin from '@backstage/plugin-home/alpha';

/**
 * The landing page: the OpsSight overview in place of the home plugin's
 * widget grid (same extension id, so the sidebar's "Home" entry and the home
 * plugin's route lead here).
 */
export const overviewPage = PageBlueprint.make({
  params: {
    path: '/',
    title: 'Home',
    routeRef: homePlugin.routes.root,
    loader: () => import('./HomePage').then(m => <m.HomePage />),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [overviewPage],
});
