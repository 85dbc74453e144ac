import { accessPlugin } from './plugin';

describe('access', () => {
  it('should export plugin', () => {
    expect(accessPlugin).toBeDefined();
  });
});
