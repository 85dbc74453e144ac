import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
  type ApiRef,
} from '@backstage/frontend-plugin-api';
import type { ApiClientOptions } from '../apiFetcher';

/**
 * The extension that provides a plugin's API client: made with discovery and
 * fetch, as every OpsSight client is.
 *
 * @public
 */
export function apiClientExtension<T>(
  api: ApiRef<T>,
  Client: new (options: ApiClientOptions) => T,
) {
  return ApiBlueprint.make({
    params: defineParams =>
      defineParams({
        api,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new Client({ discoveryApi, fetchApi }),
      }),
  });
}
