/**
 * Terminal: SSH terminals on registered machines in browser tabs (xterm.js),
 * and the recordings of those sessions, played back in the browser.
 *
 * Other pages open a terminal by linking to the plugin's root route (bind an
 * external route to `terminal.root`) with `?machine=<machine id>`.
 *
 * @packageDocumentation
 */
export { terminalPlugin as default } from './plugin';
export { terminalApiRef, TerminalClient } from './api';
export type { TerminalApi } from './api';
export { MACHINE_PARAM } from './components/TerminalPage/TerminalPage';
export { OpenTerminalDialog } from './components/OpenTerminalDialog';
export type { OpenTerminalTarget } from './components/OpenTerminalDialog';
export { terminalSessionsApiRef, TerminalSessions } from './session';
