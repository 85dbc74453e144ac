import { usePermission } from '@backstage/plugin-permission-react';
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
  const open = usePermission({ permission: terminalSessionCreatePermission });
  const read = usePermission({ permission: terminalRecordingReadPermission });
  const readAll = usePermission({
    permission: terminalRecordingReadAllPermission,
  });
  return {
    loading: open.loading || read.loading || readAll.loading,
    canOpen: open.allowed,
    canReadRecordings: read.allowed || readAll.allowed,
    canReadAllRecordings: readAll.allowed,
  };
}
