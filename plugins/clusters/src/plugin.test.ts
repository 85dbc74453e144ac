import { clustersPlugin } from './plugin';

describe('clusters', () => {
  it('should export plugin', () => {
    expect(clustersPlugin).toBeDefined();
  });
});
