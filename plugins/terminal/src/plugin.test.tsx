import { terminalPlugin } from './plugin';

describe('terminalPlugin', () => {
  it('has the terminal plugin id and its routes', () => {
    expect(terminalPlugin.id).toBe('terminal');
    expect(Object.keys(terminalPlugin.routes)).toEqual([
      'root',
      'recordings',
      'recording',
    ]);
  });
});
