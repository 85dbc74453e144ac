import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';

/**
 * Whether the user holds each of a few permissions, by a name of the caller's
 * choosing (`{ canCreate: xCreatePermission }` gives `canCreate`), so a page
 * offers only what will work. `loading` until every answer is in; a failed
 * question counts as not allowed. The backend decides again on every request:
 * this only hides dead ends.
 *
 * @public
 */
export function usePermissionFlags<K extends string>(
  permissions: Record<K, BasicPermission>,
): Record<K, boolean> & { loading: boolean } {
  const permissionApi = useApi(permissionApiRef);
  const entries = Object.entries(permissions) as [K, BasicPermission][];
  // The permissions by value: callers pass a new object on every render.
  const key = entries.map(([flag, p]) => `${flag}=${p.name}`).join(',');
  const [allowed, setAllowed] = useState<Record<K, boolean>>();

  useEffect(() => {
    let current = true;
    Promise.all(
      entries.map(([flag, permission]) =>
        permissionApi.authorize({ permission }).then(
          ({ result }) => [flag, result === AuthorizeResult.ALLOW] as const,
          () => [flag, false] as const,
        ),
      ),
    ).then(answers => {
      if (current)
        setAllowed(Object.fromEntries(answers) as Record<K, boolean>);
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [permissionApi, key]);

  const none = Object.fromEntries(entries.map(([flag]) => [flag, false]));
  return {
    ...((allowed ?? none) as Record<K, boolean>),
    loading: allowed === undefined,
  };
}
