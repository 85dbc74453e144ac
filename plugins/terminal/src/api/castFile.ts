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
  const url = URL.createObjectURL(
    new Blob([castText], { type: CAST_CONTENT_TYPE }),
  );
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = castFileName(recording);
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    // The click has handed the Blob to the download by now; a tick later is safe everywhere.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
