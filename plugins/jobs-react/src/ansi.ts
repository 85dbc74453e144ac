// Backstage's LogViewer understands single SGR codes only: `\x1b[1m`,
// `\x1b[31m`, `\x1b[39m`… It has no reset (`\x1b[0m`), no combined codes
// (`\x1b[1;31m`), no bright or 256 colours, and ignores everything else.
// Real programs send all of those, so they are rewritten into what it knows.

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[([0-9;]*)m/g;
// CSI, OSC (ended by BEL or ST), and the short escapes such as `\x1b(B`.
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;

/** Ends every attribute the LogViewer knows. */
export const ANSI_RESET = '\x1b[22m\x1b[23m\x1b[24m\x1b[39m\x1b[49m';

const code = (n: number) => `\x1b[${n}m`;

function rewriteSgr(params: string): string {
  const codes =
    params === '' ? [0] : params.split(';').map(p => Number(p || 0));
  let out = '';
  for (let i = 0; i < codes.length; i++) {
    const n = codes[i];
    if (n === 0) out += ANSI_RESET;
    else if (n === 1 || n === 3 || n === 4) out += code(n);
    else if (n === 22 || n === 23 || n === 24) out += code(n);
    else if ((n >= 30 && n <= 37) || n === 39) out += code(n);
    else if ((n >= 40 && n <= 47) || n === 49) out += code(n);
    else if (n === 90) out += code(90);
    else if (n >= 91 && n <= 97) out += code(n - 60);
    else if (n >= 100 && n <= 107) out += code(n - 60);
    else if (n === 38 || n === 48) {
      // 38;5;<n> (256 colours) or 38;2;<r>;<g>;<b> (true colour)
      const base = n === 38 ? 30 : 40;
      if (codes[i + 1] === 5) {
        const index = codes[i + 2];
        if (index >= 0 && index < 8) out += code(base + index);
        else if (index >= 8 && index < 16) out += code(base + index - 8);
        i += 2;
      } else if (codes[i + 1] === 2) {
        i += 4;
      }
    }
  }
  return out;
}

/** Makes terminal output something Backstage's LogViewer shows faithfully. */
export function normalizeAnsi(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(SGR, (_, params) => rewriteSgr(params));
}

/** Plain text, for downloads and the output panels. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
