import {
  useApi,
  useRouteRefParams,
  type RouteRef,
} from '@backstage/frontend-plugin-api';
import { clustersApiRef } from '../api';
import { useClusterPermissions } from './useClusterPermissions';

/**
 * What a page about one cluster or run starts from: the id in its address,
 * the clusters API, and what the user may do.
 */
export function useClusterPage(routeRef: RouteRef<{ id: string }>) {
  const { id } = useRouteRefParams(routeRef);
  const api = useApi(clustersApiRef);
  const permissions = useClusterPermissions();
  return { id, api, permissions };
}
