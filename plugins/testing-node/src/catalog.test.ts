import { createServer, Server } from 'node:http';
import { eventually, testCatalog } from './catalog';

describe('eventually', () => {
  it('resolves to the first answer that is not undefined', async () => {
    let calls = 0;
    await expect(
      eventually(async () => (++calls === 3 ? 'ready' : undefined)),
    ).resolves.toBe('ready');
    expect(calls).toBe(3);
  });

  it('throws once the time is up', async () => {
    await expect(eventually(async () => undefined, 300)).rejects.toThrow(
      'condition not met in time',
    );
  });
});

describe('testCatalog', () => {
  let server: Server;
  /** The fake catalog's entities by `kind/namespace/name`, and the Authorization headers it saw. */
  const entities = new Map<string, object>();
  const authorizations: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      const ref = (req.url ?? '').replace('/api/catalog/entities/by-name/', '');
      const entity = entities.get(ref);
      res.writeHead(entity ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(entity ?? { error: { name: 'NotFoundError' } }));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise(r => server.close(r)));

  const machine = (name: string, ip: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations: { 'opssight.io/ip': ip } },
    spec: { type: 'machine' },
  });

  it('reads an entity by ref as a user, and nothing for an unknown one', async () => {
    entities.set('resource/default/web-1', machine('web-1', '10.0.0.1'));
    const catalog = testCatalog(server);
    await expect(catalog.entity('resource/default/web-1')).resolves.toEqual(
      machine('web-1', '10.0.0.1'),
    );
    await expect(catalog.entity('resource/default/nope')).resolves.toBe(
      undefined,
    );
    expect(authorizations.at(-1)).toMatch(/^Bearer /);
  });

  it('waits for an entity to appear, to change, and to go', async () => {
    const catalog = testCatalog(server);
    setTimeout(
      () => entities.set('resource/default/db', machine('db', '10.0.0.2')),
      300,
    );
    expect((await catalog.waitFor('resource/default/db')).metadata.name).toBe(
      'db',
    );

    setTimeout(
      () => entities.set('resource/default/db', machine('db', '10.0.0.9')),
      300,
    );
    const moved = await catalog.waitFor('resource/default/db', {
      until: e => e.metadata.annotations?.['opssight.io/ip'] === '10.0.0.9',
    });
    expect(moved.metadata.annotations).toEqual({
      'opssight.io/ip': '10.0.0.9',
    });

    setTimeout(() => entities.delete('resource/default/db'), 300);
    await catalog.waitForGone('resource/default/db');
    await expect(catalog.entity('resource/default/db')).resolves.toBe(
      undefined,
    );
  });
});
