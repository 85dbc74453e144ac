import { stripAnsi } from './ansi';

describe('stripAnsi', () => {
  it('leaves only the text of colours, cursor moves and window titles', () => {
    expect(
      stripAnsi(
        '\x1b]0;root@node-1\x07\x1b[01;32mok\x1b[0m\x1b[K done\x1b[2J\x1b(B',
      ),
    ).toBe('ok done');
  });
});
