import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import type { TerminalScreen } from '../../session';
import { copySelection, pasteClipboard } from './clipboard';

/** Terminals stay dark whatever the portal's theme: what shells and tools assume. */
const THEME = {
  background: '#1e1e1e',
  foreground: '#d4d4d4',
  cursor: '#aeafad',
  selectionBackground: '#264f78',
};

/**
 * An xterm.js terminal in a div of its own, so the view can take it off the
 * page and put it back (switching pages) without losing its contents.
 */
export class XtermScreen implements TerminalScreen {
  private readonly host: HTMLDivElement;
  private readonly terminal: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly searchAddon = new SearchAddon();
  private opened = false;

  constructor() {
    this.host = document.createElement('div');
    this.host.style.width = '100%';
    this.host.style.height = '100%';
    this.terminal = new Terminal({
      cursorBlink: true,
      fontFamily:
        'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 14,
      scrollback: 10_000,
      theme: THEME,
    });
    this.terminal.loadAddon(this.fitAddon);
    this.terminal.loadAddon(this.searchAddon);
    this.terminal.loadAddon(new WebLinksAddon());
    this.terminal.attachCustomKeyEventHandler(event => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) {
        return true;
      }
      // CLIPBOARD_SHORTCUTS; without Shift the keys go to the shell.
      if (event.code === 'KeyC') {
        void copySelection(this).catch(() => {});
        return false;
      }
      if (event.code === 'KeyV') {
        event.preventDefault();
        void pasteClipboard(this).catch(() => {});
        return false;
      }
      return true;
    });
  }

  get cols() {
    return this.terminal.cols;
  }

  get rows() {
    return this.terminal.rows;
  }

  write(data: Uint8Array | string, done?: () => void) {
    this.terminal.write(data, done);
  }

  onData(listener: (data: string) => void) {
    return this.terminal.onData(listener);
  }

  onBinary(listener: (data: string) => void) {
    return this.terminal.onBinary(listener);
  }

  onResize(listener: (size: { cols: number; rows: number }) => void) {
    return this.terminal.onResize(listener);
  }

  mount(container: HTMLElement) {
    container.appendChild(this.host);
    if (!this.opened) {
      // xterm measures its cells when opened, so the host must be on the page first.
      this.terminal.open(this.host);
      this.opened = true;
    } else {
      this.terminal.refresh(0, this.terminal.rows - 1);
    }
  }

  unmount() {
    this.host.remove();
  }

  fit() {
    // A hidden tab has no size; fitting it would shrink the shell to nothing.
    if (
      this.opened &&
      this.host.offsetWidth > 0 &&
      this.host.offsetHeight > 0
    ) {
      this.fitAddon.fit();
    }
  }

  focus() {
    this.terminal.focus();
  }

  getSelection() {
    return this.terminal.getSelection();
  }

  paste(text: string) {
    this.terminal.paste(text);
  }

  find(text: string, direction: 'next' | 'previous') {
    return direction === 'next'
      ? this.searchAddon.findNext(text)
      : this.searchAddon.findPrevious(text);
  }

  clearSearch() {
    this.searchAddon.clearDecorations();
    this.terminal.clearSelection();
  }

  dispose() {
    this.host.remove();
    this.terminal.dispose();
  }
}
