import { storeTest } from '@opssight/plugin-testing-node';
import { DatabaseProjectsStore } from './DatabaseProjectsStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const git = {
  kind: 'git' as const,
  url: 'https://git.example.com/ops/infra.git',
  ref: 'main',
  subPath: 'ansible',
  credentialId: null,
};

storeTest('DatabaseProjectsStore', DatabaseProjectsStore.create, t => {
  it('creates, lists by name, finds, updates and deletes projects', async () => {
    const web = await t.store.create({
      name: 'web',
      description: 'the web tier',
      source: { kind: 'files' },
      owner: ALICE,
    });
    const infra = await t.store.create({
      name: 'Infra',
      description: '',
      source: git,
      owner: ALICE,
    });
    expect(infra).toMatchObject({ name: 'Infra', source: git, owner: ALICE });
    expect(await t.store.get(web.id)).toEqual(web);

    const all = await t.store.list({ limit: 10, offset: 0 });
    expect(all.totalCount).toBe(2);
    expect(all.items.map(p => p.name)).toEqual(['Infra', 'web']);
    const found = await t.store.list({ q: 'WEB TIER', limit: 10, offset: 0 });
    expect(found.items.map(p => p.id)).toEqual([web.id]);
    expect(
      (await t.store.list({ q: '100%', limit: 10, offset: 0 })).totalCount,
    ).toBe(0);
    expect(
      (await t.store.list({ limit: 1, offset: 1 })).items.map(p => p.name),
    ).toEqual(['web']);

    const moved = await t.store.update(infra.id, {
      description: 'moved',
      source: { ...git, ref: 'v2', subPath: null, credentialId: 'c-1' },
    });
    expect(moved).toMatchObject({
      name: 'Infra',
      description: 'moved',
      source: { kind: 'git', ref: 'v2', subPath: null, credentialId: 'c-1' },
    });

    expect(await t.store.delete(web.id)).toEqual(web);
    await expect(t.store.get(web.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('refuses a taken name on create and on rename, changing nothing', async () => {
    await t.store.create({
      name: 'web',
      description: '',
      source: { kind: 'files' },
      owner: ALICE,
    });
    const other = await t.store.create({
      name: 'db',
      description: 'keep',
      source: { kind: 'files' },
      owner: ALICE,
    });
    await expect(
      t.store.create({
        name: 'web',
        description: '',
        source: git,
        owner: ALICE,
      }),
    ).rejects.toThrow("name: a project named 'web' already exists");
    await expect(
      t.store.update(other.id, { name: 'web', description: 'lost' }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: "name: a project named 'web' already exists",
    });
    expect(await t.store.get(other.id)).toEqual(other);
    await expect(t.store.update('nope', { name: 'x' })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it("pins a git remote's host key once, keeps it across edits, forgets it when the URL changes or the request says", async () => {
    const ssh = { ...git, url: 'ssh://git@git.example.com/ops/infra.git' };
    const key =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBcAfNAJMlIAE0hBXWZ9ecSPKYrVQCI8Ko5kgGCgwrIg';
    const other =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH98QtUYVftFhKWivgK5ZGwcGe18XdN4NyxTjIFRFsbe';
    const project = await t.store.create({
      name: 'infra',
      description: '',
      source: ssh,
      owner: ALICE,
    });
    expect(project.source).toMatchObject({
      hostKey: null,
      hostKeyFingerprint: null,
    });
    expect(await t.store.gitHostKey(project.id)).toBeUndefined();

    // A fetch of a URL the project no longer has pins nothing.
    expect(await t.store.pinGitHostKey(project.id, git.url, key)).toBe(false);
    // Of two first fetches, the first pins.
    expect(await t.store.pinGitHostKey(project.id, ssh.url, key)).toBe(true);
    expect(await t.store.pinGitHostKey(project.id, ssh.url, other)).toBe(false);
    expect(await t.store.gitHostKey(project.id)).toBe(key);
    expect((await t.store.get(project.id)).source).toMatchObject({
      hostKey: key,
      // As ssh-keygen -l shows it.
      hostKeyFingerprint: 'SHA256:vDgmKN5GRarOljbU34uJ3yUcf/VDSHTI1SEj8L9I3sw',
    });

    await t.store.update(project.id, { source: { ...ssh, ref: 'v2' } });
    expect(await t.store.gitHostKey(project.id)).toBe(key);
    await t.store.update(project.id, { source: { ...ssh, hostKey: null } });
    expect(await t.store.gitHostKey(project.id)).toBeUndefined();
    await t.store.update(project.id, { source: { ...ssh, hostKey: other } });
    expect(await t.store.gitHostKey(project.id)).toBe(other);
    await t.store.update(project.id, {
      source: { ...ssh, url: 'ssh://git@elsewhere.example.com/infra.git' },
    });
    expect(await t.store.gitHostKey(project.id)).toBeUndefined();

    const given = await t.store.create({
      name: 'given',
      description: '',
      source: { ...ssh, hostKey: key },
      owner: ALICE,
    });
    expect(await t.store.gitHostKey(given.id)).toBe(key);
  });
});
