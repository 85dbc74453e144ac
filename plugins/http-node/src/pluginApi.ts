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

/**
 * One call of another plugin's API, made on behalf of `credentials` so that
 * plugin's permissions and audit trail apply to the caller, not to us.
 *
 * @public
 */
export type PluginApiCall = {
  auth: AuthService;
  discovery: DiscoveryService;
  /** The plugin whose API is called (`machines`). */
  pluginId: string;
  method: 'GET' | 'POST';
  /** Below the plugin's base URL, with its query (`/machines?limit=10`). */
  path: string;
  credentials: BackstageCredentials;
  /** Sent as JSON; without one the request has no body. */
  body?: unknown;
  timeoutMs: number;
};

/**
 * The JSON answer of another plugin's API. An error answer rejects with the
 * error its status stands for, carrying the server's own message (which names
 * the field): 400 `InputError`, 401/403 `NotAllowedError`, 404
 * `NotFoundError`, 409 `ConflictError`; anything else, or no answer at all, is
 * a `ServiceUnavailableError` naming the plugin.
 *
 * @public
 */
export async function callPluginApi<T>(call: PluginApiCall): Promise<T> {
  const { auth, discovery, pluginId, method, path, body } = call;
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: call.credentials,
    targetPluginId: pluginId,
  });
  const baseUrl = await discovery.getBaseUrl(pluginId);
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    throw new ServiceUnavailableError(
      `The ${pluginId} API could not be reached: ${(error as Error).message}`,
    );
  }
  if (!response.ok) {
    throw await errorOf(pluginId, response);
  }
  return (await response.json()) as T;
}

async function errorOf(pluginId: string, response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  let message = text.trim();
  try {
    message = JSON.parse(text)?.error?.message ?? message;
  } catch {
    // Not the JSON error body every Backstage backend answers with: keep the text.
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
