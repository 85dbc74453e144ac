import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermissionFlags } from '@opssight/plugin-api-react';
import {
  automationDeletePermission,
  automationEditPermission,
  automationManageOthersPermission,
  automationRunPermission,
} from '@opssight/plugin-automation-common';

export type AutomationPermissions = {
  loading: boolean;
  /** Create projects, inventories, templates and schedules; change one's own. */
  canEdit: boolean;
  /** Start, cancel and re-run runs. */
  canRun: boolean;
  canDelete: boolean;
  /** Change what other users own. */
  canManageOthers: boolean;
};

/**
 * What the user may do, so the pages only offer what will work. The backend
 * decides again on every request; this only hides dead ends.
 */
export function useAutomationPermissions(): AutomationPermissions & {
  /** Whether the user may change a thing `owner` owns. */
  mayChange(owner: string): boolean;
} {
  const flags = usePermissionFlags({
    canEdit: automationEditPermission,
    canRun: automationRunPermission,
    canDelete: automationDeletePermission,
    canManageOthers: automationManageOthersPermission,
  });
  const self = useSelfRef();
  return {
    ...flags,
    mayChange: owner =>
      flags.canEdit && (flags.canManageOthers || owner === self),
  };
}

/** The signed-in user's entity ref (`user:default/alice`), once known. */
function useSelfRef(): string | undefined {
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  return value;
}
