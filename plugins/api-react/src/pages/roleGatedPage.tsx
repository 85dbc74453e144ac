import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { NotForYourRole } from '../components/NotForYourRole';

/**
 * A permission as extension predicates name it: `name#action`, or `name`
 * without an action. The app asks the permission backend once per session.
 *
 * @public
 */
export function predicateName(permission: {
  name: string;
  attributes: { action?: string };
}): string {
  const { action } = permission.attributes;
  return action ? `${permission.name}#${action}` : permission.name;
}

/** @public */
export type PageParams = Parameters<typeof PageBlueprint.make>[0]['params'];

/**
 * A page for the roles that hold `permission`, and at the same address, for
 * everyone else, why it is not for them (rather than a 404). Only the page has
 * a title and icon, so only its readers get a sidebar entry.
 *
 * @public
 */
export function roleGatedPage(options: {
  permission: { name: string; attributes: { action?: string } };
  page: PageParams & { path: string };
  /** What everyone else sees; `name` is its extension's name. */
  notForYourRole: { name: string; title: string; description: string };
}) {
  const allowed = {
    permissions: { $contains: predicateName(options.permission) },
  };
  const { name, title, description } = options.notForYourRole;
  return {
    page: PageBlueprint.make({ if: allowed, params: options.page }),
    notForYourRolePage: PageBlueprint.make({
      name,
      if: { $not: allowed },
      params: {
        path: options.page.path,
        loader: async () => (
          <NotForYourRole title={title} description={description} />
        ),
      },
    }),
  };
}
