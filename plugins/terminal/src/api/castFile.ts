import { saveFile } from '@opssight/plugin-api-react';
import type { TerminalRecording } from '@opssight/plugin-terminal-common';

export const CAST_CONTENT_TYPE = 'application/x-asciicast';

/**
 * `<hostname>-<startedAt>.cast`, with the time's colons made dashes: browsers
 * (and Windows) would otherwise mangle them each in their own way.
 */
export function castFileName(
  recording: Pick<TerminalRecording, 'machineHostname' | 'startedAt'>,
): string {
  const time = recording.startedAt.replace(/:/g, '-');
  return `${recording.machineHostname}-${time}.cast`;
}

/**
 * Saves a recording the browser already holds. The file needs the user's token,
 * so a plain link cannot fetch it: it is fetched through fetchApi and handed to
 * the browser as a Blob.
 */
export function saveCast(
  recording: Pick<TerminalRecording, 'machineHostname' | 'startedAt'>,
  castText: string,
): void {
  saveFile(castFileName(recording), castText, CAST_CONTENT_TYPE);
}
