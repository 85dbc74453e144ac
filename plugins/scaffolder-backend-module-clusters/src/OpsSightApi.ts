import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
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

  private async request<T>(
    pluginId: PluginId,
    method: 'GET' | 'POST',
    path: string,
    credentials: BackstageCredentials,
    body?: unknown,
  ): Promise<T> {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: pluginId,
    });
    const baseUrl = await this.deps.discovery.getBaseUrl(pluginId);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The ${pluginId} API could not be reached: ${error}`,
      );
    }
    if (!response.ok) {
      throw await errorOf(pluginId, response);
    }
    return (await response.json()) as T;
  }
}

/** The server's own message (which names the field) as the error the status stands for. */
async function errorOf(pluginId: PluginId, response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  let message = text.trim();
  try {
    const parsed = JSON.parse(text);
    message = parsed?.error?.message ?? message;
  } catch {
    // not JSON: keep the text
  }
  message ||= `HTTP ${response.status}`;
  switch (response.status) {
    case 400:
      return new InputError(message);
    case 401:
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(
        `The ${pluginId} API answered HTTP ${response.status}: ${message}`,
      );
  }
}
