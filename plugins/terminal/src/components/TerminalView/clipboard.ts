import type { TerminalScreen } from '../../session';

/** Copy and paste in a terminal, where Ctrl+C and Ctrl+V belong to the shell. */
export const CLIPBOARD_SHORTCUTS = {
  copy: 'Ctrl+Shift+C',
  paste: 'Ctrl+Shift+V',
} as const;

/** Copies the screen's selection; false when nothing is selected. */
export async function copySelection(
  screen: Pick<TerminalScreen, 'getSelection'>,
): Promise<boolean> {
  const selection = screen.getSelection();
  if (!selection) return false;
  await navigator.clipboard.writeText(selection);
  return true;
}

/** Types the clipboard's text into the screen, as a paste. */
export async function pasteClipboard(
  screen: Pick<TerminalScreen, 'paste' | 'focus'>,
): Promise<void> {
  const text = await navigator.clipboard.readText();
  if (text) screen.paste(text);
  screen.focus();
}
