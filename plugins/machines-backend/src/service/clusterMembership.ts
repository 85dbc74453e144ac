import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';

/** The names of the clusters a machine's IP is a node of, asked on the caller's behalf. */
export type ClusterMembership = (
  ip: string,
  credentials: BackstageCredentials,
) => Promise<string[]>;

/**
 * Asks the clusters plugin (`POST /api/clusters/ip-lookup`) which clusters an
 * IP is a node of, so a machine that is one is not deleted from under its
 * cluster. A backend without the clusters plugin answers 404: no clusters.
 */
export function clusterMembership(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): ClusterMembership {
  const { discovery, auth } = options;
  return async (ip, credentials) => {
    const onBehalfOf = auth.isPrincipal(credentials, 'user')
      ? credentials
      : await auth.getOwnServiceCredentials();
    const unavailable = (why: string) =>
      new ServiceUnavailableError(
        `Could not ask the clusters whether ${ip} is one of their nodes (${why}); nothing was deleted, try again later`,
      );
    let response: Response;
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf,
        targetPluginId: 'clusters',
      });
      response = await fetch(
        `${await discovery.getBaseUrl('clusters')}/ip-lookup`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ ips: [ip] }),
          signal: AbortSignal.timeout(15_000),
        },
      );
    } catch (error) {
      throw unavailable((error as Error).message);
    }
    if (response.status === 404) {
      return [];
    }
    if (!response.ok) {
      throw unavailable(`HTTP ${response.status}`);
    }
    const [entry] = (await response.json()) as Array<{ clusters?: string[] }>;
    return entry?.clusters ?? [];
  };
}
