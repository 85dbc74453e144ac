export {
  FLOW_CONTROL,
  TerminalConnection,
  type SocketFactory,
  type WebSocketLike,
} from './TerminalConnection';
export {
  TerminalSession,
  type SessionMachine,
  type SessionSnapshot,
  type SessionState,
} from './TerminalSession';
export {
  TerminalSessions,
  terminalSessionsApiRef,
  type TerminalSessionsSnapshot,
} from './TerminalSessions';
export type { SessionProblem } from './problems';
export type {
  Disposable,
  TerminalScreen,
  TerminalWriter,
} from './TerminalScreen';
