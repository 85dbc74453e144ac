import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { VaultService } from '@opssight/plugin-vault-node';
import { OPSSIGHT_AUTH_METADATA } from './OpsSightClusterSupplier';

/**
 * Authenticates the Kubernetes plugin's requests to an OpsSight cluster with
 * the cluster's API token, checked out of the vault as a shared credential by
 * this backend (audited with the cluster's name) and only ever sent to the
 * cluster's API URL. Nothing reaches the browser: the strategy presents no
 * auth metadata, and the browser's `serviceAccount` provider adds nothing.
 *
 * When the vault refuses (the credential is gone, not shared, or not bound to
 * the cluster's URL), the reason is logged and the request goes with an
 * empty token, so that cluster alone shows as unauthorized.
 *
 * A token is kept in memory for `cacheMs`, since the Kubernetes page asks
 * every few seconds; a rotated or revoked token takes effect after that.
 */
export class VaultTokenStrategy implements AuthenticationStrategy {
  private readonly tokens = new Map<
    string,
    { at: number; token: Promise<string> }
  >();

  constructor(
    private readonly deps: { vault: VaultService; logger: LoggerService },
    private readonly cacheMs = 60_000,
  ) {}

  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const credentialId =
      cluster.authMetadata[OPSSIGHT_AUTH_METADATA.tokenCredentialId];
    if (!credentialId) {
      throw new Error(
        `Cluster '${cluster.name}' has no API-token credential in OpsSight`,
      );
    }
    // One entry per credential and destination: the vault decides per URL.
    const key = `${credentialId} ${cluster.url}`;
    const now = Date.now();
    let entry = this.tokens.get(key);
    if (!entry || now - entry.at >= this.cacheMs) {
      const token = this.checkout(cluster, credentialId);
      entry = { at: now, token };
      this.tokens.set(key, entry);
      token.catch(() => {
        if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
      });
    }
    try {
      return { type: 'bearer token', token: await entry.token };
    } catch {
      // An empty token: the cluster answers 401, which the page shows on that
      // cluster alone. A thrown error (or an anonymous credential, which the
      // plugin refuses) would fail the answer for every cluster.
      return { type: 'bearer token', token: '' };
    }
  }

  private async checkout(
    cluster: ClusterDetails,
    credentialId: string,
  ): Promise<string> {
    try {
      // The vault hands the token out only for a URL an admin bound it to.
      const secret = await this.deps.vault.getSharedSecret({
        credentialId,
        purpose: `Kubernetes plugin: cluster ${cluster.name}`,
        destination: cluster.url,
      });
      if (secret.kind !== 'api-token' || !secret.token) {
        throw new Error(`the credential is not an API token`);
      }
      return secret.token;
    } catch (error) {
      // The vault's message names the credential and why; never a secret.
      this.deps.logger.warn(
        `No API token for Kubernetes cluster '${cluster.name}': ${
          (error as Error).message
        }`,
      );
      throw error;
    }
  }

  validateCluster(authMetadata: AuthMetadata): Error[] {
    return authMetadata[OPSSIGHT_AUTH_METADATA.tokenCredentialId]
      ? []
      : [new Error('the cluster has no API-token credential in OpsSight')];
  }

  presentAuthMetadata(): AuthMetadata {
    return {};
  }
}
