import { machinesPlugin } from './plugin';

describe('machines', () => {
  it('should export plugin', () => {
    expect(machinesPlugin).toBeDefined();
  });
});
