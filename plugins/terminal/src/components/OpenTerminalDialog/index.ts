export { describeSettings, OpenTerminalDialog } from './OpenTerminalDialog';
export type { OpenTerminalTarget } from './OpenTerminalDialog';
