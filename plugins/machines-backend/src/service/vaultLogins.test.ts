import { mockCredentials } from '@backstage/backend-test-utils';
import { Machine } from '@opssight/plugin-machines-common';
import { CredentialCheckout, VaultService } from '@opssight/plugin-vault-node';
import { vaultLogins } from './vaultLogins';

const KEY_ID = '6a4c7a4e-3d55-4f0e-9d7e-2f1b1c0a9b11';

function machine(hostname: string, sshUser: string): Machine {
  return {
    id: `id-${hostname}`,
    hostname,
    sshUser,
    defaultCredentialId: KEY_ID,
  } as Machine;
}

/** The vault as the resolver sees it: one key, with or without a username, checked out sealed. */
function vaultWithKey(username: string): VaultService {
  const checkout: CredentialCheckout = {
    id: KEY_ID,
    kind: 'ssh-key',
    username,
    sealed: { keyId: 'k', iv: '', authTag: '', ciphertext: 'SEALED' },
  };
  return { checkout: async () => checkout } as unknown as VaultService;
}

describe('vaultLogins', () => {
  const credentials = mockCredentials.user('user:default/alice');

  it("logs in as each machine's SSH user, else as the credential's username", async () => {
    const logins = await vaultLogins(vaultWithKey('deploy'))({
      machines: [machine('web-1', 'ubuntu'), machine('web-2', '')],
      credentials,
      credentialId: undefined,
    });
    expect(logins.loginOf.get('id-web-1')?.username).toBe('ubuntu');
    expect(logins.loginOf.get('id-web-2')?.username).toBe('deploy');
    // One checkout for both, kept sealed for the job.
    expect(logins.checkouts.map(c => c.sealed.ciphertext)).toEqual(['SEALED']);
  });

  it('refuses with a 400 naming the machine when neither names a user', async () => {
    await expect(
      vaultLogins(vaultWithKey(''))({
        machines: [machine('web-1', 'ubuntu'), machine('db-1', '')],
        credentials,
        credentialId: KEY_ID,
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^credentialId: db-1 has no SSH user and the credential has no username/,
      ),
    });
  });
});
