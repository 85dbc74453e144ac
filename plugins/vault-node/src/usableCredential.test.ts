import { mockCredentials } from '@backstage/backend-test-utils';
import { CredentialName } from '@opssight/plugin-vault-common';
import { usableCredential } from './usableCredential';
import { VaultRequestError } from './VaultService';

const KEY: CredentialName = {
  id: 'key',
  name: 'deploy key',
  kind: 'ssh-key',
  scope: 'shared',
};

/** The vault's answer to "what is this credential", as the caller sees it. */
function vaultAnswering(answer: () => Promise<CredentialName | undefined>) {
  return { describeCredential: answer };
}

const ask = (
  answer: () => Promise<CredentialName | undefined>,
  kinds?: Parameters<typeof usableCredential>[1]['kinds'],
) =>
  usableCredential(vaultAnswering(answer), {
    credentialId: 'key',
    credentials: mockCredentials.user(),
    field: 'sshCredentialId',
    kinds,
  });

describe('usableCredential', () => {
  it('resolves to what the credential is when the caller may use it and the field takes its kind', async () => {
    await expect(ask(async () => KEY)).resolves.toEqual(KEY);
    await expect(
      ask(async () => KEY, { accepted: ['ssh-key', 'password'], why: 'x' }),
    ).resolves.toEqual(KEY);
  });

  it('names the field in every refusal: 403 refused, 400 missing or of another kind, 503 unreachable', async () => {
    await expect(
      ask(() => Promise.reject(new VaultRequestError(403, 'not yours'))),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'sshCredentialId: the vault does not let you use the chosen credential',
    });
    await expect(ask(async () => undefined)).rejects.toMatchObject({
      name: 'InputError',
      message:
        "sshCredentialId: the chosen credential is not in the vault (deleted, or another user's personal credential)",
    });
    await expect(
      ask(async () => ({ ...KEY, kind: 'api-token' }), {
        accepted: ['ssh-key', 'password'],
        why: 'the SSH login is an SSH key or a password',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        "sshCredentialId: credential 'deploy key' is an API token; the SSH login is an SSH key or a password",
    });
    for (const failure of [
      new VaultRequestError(503, 'down'),
      new Error('connect ECONNREFUSED'),
    ]) {
      await expect(ask(() => Promise.reject(failure))).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message:
          'sshCredentialId: could not ask the vault about the chosen credential; try again',
      });
    }
  });
});
