export { terminalApiRef } from './TerminalApi';
export type { TerminalApi } from './TerminalApi';
export { TerminalClient } from './TerminalClient';
export { castFileName, saveCast } from './castFile';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
