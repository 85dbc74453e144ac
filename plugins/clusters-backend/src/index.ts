/**
 * The clusters backend plugin: Kubernetes clusters made of registered
 * machines, mounted at /api/clusters.
 *
 * @packageDocumentation
 */
export { clustersPlugin as default } from './plugin';
