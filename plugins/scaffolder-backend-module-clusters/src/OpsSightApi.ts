import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { callPluginApi } from '@opssight/plugin-http-node';
import type {
  Cluster,
  CreateClusterInput,
  CreatedCluster,
} from '@opssight/plugin-clusters-common';

type PluginId = 'clusters';

/**
 * The clusters API, called on behalf of the user who runs the template, so
 * that their permissions and audit trail apply. The one place in this module
 * that builds URLs; machines come from the machines service.
 */
export class OpsSightApi {
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  async findClusterByName(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<Cluster | undefined> {
    try {
      return await this.request<Cluster>(
        'clusters',
        'GET',
        `/clusters/by-name/${encodeURIComponent(name)}`,
        credentials,
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** POST /clusters: 400 names unregistered IPs or bad fields, 409 a taken name. */
  createCluster(
    input: CreateClusterInput,
    credentials: BackstageCredentials,
  ): Promise<CreatedCluster> {
    return this.request<CreatedCluster>(
      'clusters',
      'POST',
      '/clusters',
      credentials,
      input,
    );
  }

  private request<T>(
    pluginId: PluginId,
    method: 'GET' | 'POST',
    path: string,
    credentials: BackstageCredentials,
    body?: unknown,
  ): Promise<T> {
    return callPluginApi<T>({
      auth: this.deps.auth,
      discovery: this.deps.discovery,
      pluginId,
      method,
      path,
      credentials,
      body,
      timeoutMs: 30_000,
    });
  }
}
