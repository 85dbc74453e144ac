/** What `expectPlugin` reads of a frontend plugin. */
type PluginShape = {
  id: string;
  routes: object;
  externalRoutes: object;
};

/**
 * Expects a frontend plugin's id, and the names of the routes it offers and
 * of the other plugins' pages it links to, in order.
 *
 * @public
 */
export function expectPlugin(
  plugin: PluginShape,
  id: string,
  links: { routes: string[]; externalRoutes: string[] },
) {
  expect(plugin.id).toBe(id);
  expect(Object.keys(plugin.routes)).toEqual(links.routes);
  expect(Object.keys(plugin.externalRoutes)).toEqual(links.externalRoutes);
}

/** A catalog entity as an entity tab's filter sees it. */
type TabEntity = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { type?: string };
};

const entityOf = (kind: string, type: string): TabEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: { type },
});

/**
 * Expects an entity tab's filter to take the resources of `type`, whatever
 * the case of their kind, and neither a resource of `otherType` nor another
 * kind of entity of `type`.
 *
 * @public
 */
export function expectResourceTab(
  filter: (entity: TabEntity) => boolean,
  type: string,
  otherType: string,
) {
  expect(filter(entityOf('Resource', type))).toBe(true);
  expect(filter(entityOf('resource', type))).toBe(true);
  expect(filter(entityOf('Resource', otherType))).toBe(false);
  expect(filter(entityOf('Component', type))).toBe(false);
}
