import { auditPlugin } from './plugin';

describe('audit', () => {
  it('should export plugin', () => {
    expect(auditPlugin).toBeDefined();
  });
});
