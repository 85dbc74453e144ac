import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  permissionApiRef,
  type usePermission,
} from '@backstage/plugin-permission-react';
import { errorMessage, errorStatus } from '@opssight/plugin-api-react';

/**
 * What a home tile shows: nothing while the role is unknown or is not allowed
 * (a tile the user may not read is left out, never shown as an error), a
 * progress bar, the data, or the server's message.
 */
/** A permission without a resource, as the home tiles check them. */
export type BasicPermission = Extract<
  Parameters<typeof usePermission>[0],
  { resourceRef?: never }
>['permission'];

export type TileState<T> =
  | { status: 'hidden' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: T };

/**
 * Loads a tile's data once the user is known to hold `permission`; never asks
 * the backend on behalf of a role that may not read it (a refused request is an
 * audit entry of its own). A 401/403 from the backend still hides the tile.
 */
export function useTile<T>(
  permission: BasicPermission,
  load: () => Promise<T>,
): TileState<T> {
  const { loading, allowed } = useAllowed(permission);
  const [state, setState] = useState<TileState<T>>({ status: 'loading' });

  useEffect(() => {
    if (loading || !allowed) return undefined;
    let live = true;
    load().then(
      value => live && setState({ status: 'ready', value }),
      error => {
        if (!live) return;
        const status = errorStatus(error);
        setState(
          status === 401 || status === 403
            ? { status: 'hidden' }
            : { status: 'error', message: errorMessage(error) },
        );
      },
    );
    return () => {
      live = false;
    };
    // `load` is a new closure each render; the permission decides when to load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loading, allowed]);

  // Tiles appear once the role is known, rather than flash and vanish.
  if (loading || !allowed) return { status: 'hidden' };
  return state;
}

/**
 * Whether the user holds `permission`, asked of the permission API once per
 * mount (usePermission's cache is shared by the whole app, which would let one
 * test's role answer for the next).
 */
export function useAllowed(permission: BasicPermission): {
  loading: boolean;
  allowed: boolean;
} {
  const permissionApi = useApi(permissionApiRef);
  const [state, setState] = useState({ loading: true, allowed: false });
  useEffect(() => {
    let live = true;
    permissionApi.authorize({ permission }).then(
      decision =>
        live &&
        setState({ loading: false, allowed: decision.result === 'ALLOW' }),
      () => live && setState({ loading: false, allowed: false }),
    );
    return () => {
      live = false;
    };
  }, [permissionApi, permission]);
  return state;
}
