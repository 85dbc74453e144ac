import { credentialIdSchema } from '@opssight/plugin-vault-common';
import { seededCredentialId } from './seededCredentialId';

describe('seededCredentialId', () => {
  it('is the same credential id for a name on every call, another for another name', () => {
    const id = seededCredentialId('demo-ssh');
    expect(credentialIdSchema.safeParse(id).success).toBe(true);
    expect(seededCredentialId('demo-ssh')).toBe(id);
    expect(seededCredentialId('demo-ssh-2')).not.toBe(id);
  });
});
