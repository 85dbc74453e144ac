/**
 * The OpsSight web terminal backend: a WebSocket proxy to registered machines
 * (through ssh-node, with the pinned host key and the user's vault
 * credentials), limits, and asciicast recordings.
 *
 * @packageDocumentation
 */
export { terminalPlugin as default } from './plugin';
