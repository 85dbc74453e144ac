import { usePermissionFlags } from '@opssight/plugin-api-react';
import {
  terminalRecordingReadAllPermission,
  terminalRecordingReadPermission,
  terminalSessionCreatePermission,
} from '@opssight/plugin-terminal-common';

export interface TerminalPermissions {
  loading: boolean;
  /** Open terminals (Operators and Admins). */
  canOpen: boolean;
  /** Watch and download one's own recordings. */
  canReadRecordings: boolean;
  /** Watch everyone's recordings (Admins): filtering by user makes sense. */
  canReadAllRecordings: boolean;
}

/**
 * What the user may do here, so the pages offer only what will work. The
 * backend decides again on every request; this only hides dead ends.
 */
export function useTerminalPermissions(): TerminalPermissions {
  const flags = usePermissionFlags({
    canOpen: terminalSessionCreatePermission,
    canReadOwn: terminalRecordingReadPermission,
    canReadAllRecordings: terminalRecordingReadAllPermission,
  });
  return {
    loading: flags.loading,
    canOpen: flags.canOpen,
    canReadRecordings: flags.canReadOwn || flags.canReadAllRecordings,
    canReadAllRecordings: flags.canReadAllRecordings,
  };
}
