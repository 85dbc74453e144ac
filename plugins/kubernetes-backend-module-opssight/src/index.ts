/**
 * The OpsSight module for @backstage/plugin-kubernetes-backend: OpsSight's
 * clusters in the Kubernetes plugin, with their API tokens from the vault.
 *
 * @packageDocumentation
 */

export { kubernetesModuleOpsSight as default } from './module';
export { ClusterServiceLocator } from './ClusterServiceLocator';
export {
  clusterDetailsOf,
  OPSSIGHT_AUTH_METADATA,
  OPSSIGHT_AUTH_PROVIDER,
  OpsSightClusterSupplier,
} from './OpsSightClusterSupplier';
export { VaultTokenStrategy } from './VaultTokenStrategy';
