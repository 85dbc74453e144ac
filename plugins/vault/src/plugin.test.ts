import { vaultPlugin } from './plugin';

describe('vaultPlugin', () => {
  it('has the vault plugin id', () => {
    expect(vaultPlugin.id).toBe('vault');
  });
});
