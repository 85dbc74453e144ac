import { makeJobLogChunk, makeJobTarget } from '../../testing/makeJob';
import { formatJobLog } from './formatJobLog';

const RESET = '\x1b[22m\x1b[23m\x1b[24m\x1b[39m\x1b[49m';
const targets = [
  makeJobTarget({ key: 'm1', label: 'node-1' }),
  makeJobTarget({ key: 'm2', label: 'node-10' }),
];
const out = (seq: number, target: string | null, text: string) =>
  makeJobLogChunk(seq, text, { target });
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('formatJobLog', () => {
  it('shows one target’s output as it is, without prefixes', () => {
    const text = formatJobLog(
      [out(1, 'm1', 'hello wor'), out(2, 'm1', 'ld\nbye\n')],
      [targets[0]],
    );
    expect(text).toBe('hello world\nbye\n');
  });

  it.each([
    [
      'prefixes each line with its target’s label, aligned, when there are several',
      [
        out(1, null, 'Connecting to 2 hosts\n'),
        out(2, 'm1', 'up 3 days\n'),
        out(3, 'm2', 'up 4 days\nload 0.1\n'),
      ],
      [
        'Connecting to 2 hosts',
        '[node-1]  up 3 days',
        '[node-10] up 4 days',
        '[node-10] load 0.1',
        '',
      ],
    ],
    [
      'continues a target’s partial line, and breaks it when another target speaks',
      [
        out(1, 'm1', 'down'),
        out(2, 'm1', 'loading 50%'),
        out(3, 'm2', 'ready\n'),
        out(4, 'm1', ' 100%\n'),
      ],
      ['[node-1]  downloading 50%', '[node-10] ready', '[node-1]   100%', ''],
    ],
  ])('%s', (_title, chunks, lines) => {
    expect(plain(formatJobLog(chunks, targets)).split('\n')).toEqual(lines);
  });

  it('marks stderr red, and resets colours at each target’s line so they do not leak', () => {
    const text = formatJobLog(
      [
        out(1, 'm1', '\x1b[1;31mFAIL'),
        makeJobLogChunk(2, 'oops\n', { target: 'm2', stream: 'stderr' }),
      ],
      targets,
    );
    expect(text).toBe(
      `${RESET}\x1b[90m[node-1]\x1b[39m  \x1b[1m\x1b[31mFAIL\n` +
        `${RESET}\x1b[31m[node-10]\x1b[39m oops\n`,
    );
  });

  it('rewrites colour codes the log viewer does not know', () => {
    const text = formatJobLog(
      [out(1, 'm1', '\x1b[01;92mok\x1b[0m \x1b[38;5;1mred\x1b[m\r\n')],
      [targets[0]],
    );
    expect(text).toBe(`\x1b[1m\x1b[32mok${RESET} \x1b[31mred${RESET}\n`);
  });
});
