import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { predicateName } from '@opssight/plugin-api-react';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  taskCreatePermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';

const mayRunTemplates = {
  permissions: { $contains: predicateName(taskCreatePermission) },
};
const mayEditTemplates = {
  permissions: { $contains: predicateName(templateManagementPermission) },
};
const mayRegister = {
  permissions: { $contains: predicateName(catalogEntityCreatePermission) },
};

/** At `path`, for everyone the predicate leaves out: what the page does, and that it needs an Operator. */
function needsOperatorPage(
  path: string,
  allowed: typeof mayRegister,
  what: string,
) {
  return PageBlueprint.make({
    name: 'needs-role',
    if: { $not: allowed },
    params: {
      path,
      loader: () =>
        import('./NeedsRole').then(m => (
          <m.NeedsRole needs="Operator" what={what} />
        )),
    },
  });
}

/**
 * Backstage's developer tooling, for the roles that can use it: templates
 * (Create…, the template editor) and registering components are writes, so a
 * Viewer has neither the sidebar entries nor the pages (the app asks the
 * permission backend once per session). Everyone else who follows a link to
 * them learns which role they need, rather than meeting a failing page.
 */
export const scaffolderRoleModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    scaffolderPlugin
      .getExtension('page:scaffolder')
      .override({ if: mayRunTemplates }),
    scaffolderPlugin
      .getExtension('sub-page:scaffolder/editor')
      .override({ if: mayEditTemplates }),
    needsOperatorPage(
      '/create',
      mayRunTemplates,
      'Templates such as the cluster wizard create things, and your role can look but not create.',
    ),
  ],
});

export const catalogImportRoleModule = createFrontendModule({
  pluginId: 'catalog-import',
  extensions: [
    catalogImportPlugin
      .getExtension('page:catalog-import')
      .override({ if: mayRegister }),
    needsOperatorPage(
      '/catalog-import',
      mayRegister,
      'Registering a component adds it to the catalog, and your role can look but not add.',
    ),
  ],
});
