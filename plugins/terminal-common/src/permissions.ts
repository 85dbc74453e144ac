import { createPermission } from '@backstage/plugin-permission-common';

/** Open a terminal on a registered machine (Operators and Admins). */
export const terminalSessionCreatePermission = createPermission({
  name: 'opssight.terminal.session.create',
  attributes: { action: 'create' },
});

/** Watch and download one's own session recordings. */
export const terminalRecordingReadPermission = createPermission({
  name: 'opssight.terminal.recording.read',
  attributes: { action: 'read' },
});

/** Watch and download everyone's recordings (Admins). */
export const terminalRecordingReadAllPermission = createPermission({
  name: 'opssight.terminal.recording.read-all',
  attributes: { action: 'read' },
});

export const terminalPermissions = [
  terminalSessionCreatePermission,
  terminalRecordingReadPermission,
  terminalRecordingReadAllPermission,
];
