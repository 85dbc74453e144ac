export { TerminalView } from './TerminalView';
export {
  CLIPBOARD_SHORTCUTS,
  copySelection,
  pasteClipboard,
} from './clipboard';
