export { PLAYBACK_SPEEDS, RecordingPlayer } from './RecordingPlayer';
