/**
 * Saves a file the browser already holds, as a download would. For files whose
 * request needs the user's token, which a plain link cannot send: fetch them
 * through fetchApi, then hand them here.
 *
 * @param type - the content type of text; a Blob keeps its own.
 * @public
 */
export function saveFile(
  fileName: string,
  content: Blob | string,
  type = 'text/plain',
): void {
  const blob =
    typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
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
