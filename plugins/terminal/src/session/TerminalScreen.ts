/** Something to stop listening with. */
export interface Disposable {
  dispose(): void;
}

/** Where terminal output goes; `done` fires once the bytes are on screen. */
export interface TerminalWriter {
  write(data: Uint8Array | string, done?: () => void): void;
}

/**
 * The terminal on screen, as a session needs it. The xterm.js implementation
 * (XtermScreen) lives with the view; sessions and their tests only know this.
 */
export interface TerminalScreen extends TerminalWriter {
  readonly cols: number;
  readonly rows: number;
  /** Keystrokes and pastes, as text. */
  onData(listener: (data: string) => void): Disposable;
  /** Raw bytes some terminal reports send (one char per byte). */
  onBinary(listener: (data: string) => void): Disposable;
  onResize(
    listener: (size: { cols: number; rows: number }) => void,
  ): Disposable;
  /** Shows the screen in `container`; the same screen can move to another container later. */
  mount(container: HTMLElement): void;
  /** Takes the screen off the page; it keeps its contents and keeps receiving output. */
  unmount(): void;
  /** Fits rows and columns to the container. */
  fit(): void;
  focus(): void;
  getSelection(): string;
  /** Types `text` as a paste (bracketed when the shell asked for it). */
  paste(text: string): void;
  /** Highlights the next (or previous) match; false when there is none. */
  find(text: string, direction: 'next' | 'previous'): boolean;
  clearSearch(): void;
  dispose(): void;
}
