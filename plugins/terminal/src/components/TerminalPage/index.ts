export { MACHINE_PARAM, TerminalPage } from './TerminalPage';
