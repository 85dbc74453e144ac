import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import { Cluster, ClusterList } from '@opssight/plugin-clusters-common';

/**
 * Auth metadata keys of an OpsSight cluster. The credential id names the
 * vault credential holding the token; the token itself never leaves the
 * backend (see {@link VaultTokenStrategy}).
 */
export const OPSSIGHT_AUTH_METADATA = {
  authProvider: 'kubernetes.io/auth-provider',
  clusterId: 'opssight.io/cluster-id',
  tokenCredentialId: 'opssight.io/api-token-credential-id',
} as const;

/** The stock strategy name: the browser treats it as server-side auth. */
export const OPSSIGHT_AUTH_PROVIDER = 'serviceAccount';

const PAGE_SIZE = 500;

/** The CA as @kubernetes/client-node takes it: base64 of PEM (clusters may store either). */
function caDataOf(apiCaData: string | null): string | undefined {
  const value = apiCaData?.trim();
  if (!value) return undefined;
  return value.includes('-----BEGIN')
    ? Buffer.from(value).toString('base64')
    : value;
}

/**
 * A cluster as the Kubernetes plugin sees it, or nothing when it cannot be
 * reached: it needs an API URL and an API-token credential.
 */
export function clusterDetailsOf(cluster: Cluster): ClusterDetails | undefined {
  if (!cluster.apiUrl || !cluster.apiTokenCredentialId) return undefined;
  return {
    name: cluster.name,
    title: `${cluster.name} (${cluster.environment})`,
    url: cluster.apiUrl,
    caData: caDataOf(cluster.apiCaData),
    authMetadata: {
      [OPSSIGHT_AUTH_METADATA.authProvider]: OPSSIGHT_AUTH_PROVIDER,
      [OPSSIGHT_AUTH_METADATA.clusterId]: cluster.id,
      [OPSSIGHT_AUTH_METADATA.tokenCredentialId]: cluster.apiTokenCredentialId,
    },
  };
}

/**
 * OpsSight's clusters for the Kubernetes plugin, read from the clusters
 * backend as this plugin itself (so every user sees the same clusters; the
 * Kubernetes plugin's own permissions decide who sees their workloads).
 * Clusters without an API URL or token credential are left out. The list is
 * kept until a cluster changes (the clusters backend's events) or for
 * `cacheMs`, since the plugin asks for it on every request.
 */
export class OpsSightClusterSupplier implements KubernetesClustersSupplier {
  private cached?: { at: number; clusters: Promise<ClusterDetails[]> };
  /** Whether the clusters backend has answered yet (it starts after the Kubernetes plugin asks). */
  private answered = false;

  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
    private readonly cacheMs = 10_000,
  ) {}

  /** Forgets the list, e.g. when a cluster changed; the next request reads it again. */
  invalidate() {
    this.cached = undefined;
  }

  async getClusters(): Promise<ClusterDetails[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= this.cacheMs) {
      const clusters = this.readAll();
      this.cached = { at: now, clusters };
      // A failed read is not kept: the next request tries again.
      clusters.catch(() => {
        if (this.cached?.clusters === clusters) this.cached = undefined;
      });
    }
    return this.cached.clusters;
  }

  private async readAll(): Promise<ClusterDetails[]> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('clusters');
    const clusters: Cluster[] = [];
    for (;;) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'clusters',
      });
      const response = await fetch(
        `${baseUrl}/clusters?limit=${PAGE_SIZE}&offset=${clusters.length}`,
        {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(15_000),
        },
      );
      if (response.status === 503 && !this.answered) {
        // The Kubernetes plugin asks once while the backend starts, before
        // the clusters plugin serves: no clusters yet, rather than an error.
        this.cached = undefined;
        return [];
      }
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      this.answered = true;
      const page = (await response.json()) as ClusterList;
      clusters.push(...page.items);
      if (page.items.length === 0 || clusters.length >= page.totalCount) {
        return clusters.flatMap(c => clusterDetailsOf(c) ?? []);
      }
    }
  }
}
