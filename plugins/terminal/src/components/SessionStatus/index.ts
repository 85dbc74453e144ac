export { SESSION_STATE_LOOK, StateDot } from './SessionStatus';
