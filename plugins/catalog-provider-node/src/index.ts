/**
 * The base of OpsSight's catalog entity providers: each publishes the rows one
 * plugin owns, with a full refresh on start and on a schedule and a delta
 * mutation for each change the plugin announces on its events topic.
 *
 * @packageDocumentation
 */
export { EventedEntityProvider } from './EventedEntityProvider';
export type {
  EventedEntityProviderServices,
  EventedEntityProviderSpec,
} from './EventedEntityProvider';
export {
  createEntityProviderModule,
  refreshTaskRunner,
} from './createEntityProviderModule';
export type { EntityProviderModuleContext } from './createEntityProviderModule';
export { createPluginApiReader } from './PluginApiReader';
export type { PagedList, PluginApiReader } from './PluginApiReader';
export { createChangeAnnouncer } from './changeAnnouncer';
export type { AnnounceChange } from './changeAnnouncer';
