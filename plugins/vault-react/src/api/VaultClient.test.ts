import { clientTest } from '@opssight/plugin-api-react/testing';
import { VaultClient } from './VaultClient';

const vault = clientTest('vault', VaultClient);
const { setup, json, baseUrl: BASE } = vault;

describe('VaultClient', () => {
  it('asks discovery for the vault plugin and unwraps the list', async () => {
    const item = {
      id: 'c1',
      name: 'deploy',
      kind: 'password',
      scope: 'shared',
    };
    const { client, requests, getBaseUrl } = setup(() =>
      json({ items: [item] }),
    );
    await expect(client.listCredentials()).resolves.toEqual([item]);
    expect(getBaseUrl).toHaveBeenCalledWith('vault');
    await vault.expectSent(requests[0], 'GET', `${BASE}/credentials`);
  });

  vault.itSendsTheFilters(
    '/credentials',
    client => client.listCredentials({ kind: 'ssh-key', scope: 'personal' }),
    { kind: 'ssh-key', scope: 'personal' },
    client => client.listCredentials(),
  );

  it('creates a credential with the secret in the JSON body', async () => {
    const { client, requests } = setup(() => json({ id: 'c1' }, 201));
    const input = {
      kind: 'ssh-key',
      name: 'deploy key',
      scope: 'shared',
      username: 'deploy',
      privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\n…',
      passphrase: 'hunter2',
    } as const;
    await client.createCredential(input);
    await vault.expectSent(requests[0], 'POST', `${BASE}/credentials`, input);
  });

  it('updates only the fields given, with the id encoded in the path', async () => {
    const { client, requests } = setup(() => json({ id: 'c/1' }));
    await client.updateCredential('c/1', { name: 'renamed' });
    await vault.expectSent(requests[0], 'PUT', `${BASE}/credentials/c%2F1`, {
      name: 'renamed',
    });
  });

  it('reads one credential and deletes one', async () => {
    const { client, requests } = setup(req =>
      req.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json({ id: 'c1' }),
    );
    await client.getCredential('c1');
    await expect(client.deleteCredential('c1')).resolves.toBeUndefined();
    expect(requests.map(r => [r.method, r.url])).toEqual([
      ['GET', `${BASE}/credentials/c1`],
      ['DELETE', `${BASE}/credentials/c1`],
    ]);
  });

  vault.itSurfacesServerErrors(
    client =>
      client.createCredential({ kind: 'password', name: 'x', password: 'y' }),
    [
      [
        400,
        'InputError',
        'Invalid credential: privateKey: the passphrase is wrong',
      ],
    ],
  );

  vault.itFallsBackToTheStatusForNonJsonErrors(client =>
    client.listCredentials(),
  );
});
