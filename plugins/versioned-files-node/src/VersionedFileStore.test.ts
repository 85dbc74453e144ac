import { storeTest } from '@opssight/plugin-testing-node';
import { filesProblem, LIMITS, VersionedFileStore } from './VersionedFileStore';

const site = { path: 'site.yml', content: '- hosts: all\n  tasks: []\n' };
const cfg = { path: 'ansible.cfg', content: '[defaults]\nforks = 5\n' };
const role = { path: 'roles/web/tasks/main.yml', content: '- ping:\n' };

storeTest('VersionedFileStore', VersionedFileStore.create, t => {
  it('saves immutable versions with author and message, newest first', async () => {
    const v1 = await t.store.save('p1', {
      files: [site, cfg],
      author: 'user:default/alice',
      message: ' first ',
    });
    const v2 = await t.store.save('p1', {
      files: [{ ...site, content: '- hosts: web\n  tasks: []\n' }, cfg, role],
      author: 'user:default/bob',
      message: 'web only, a role',
      baseVersion: 1,
    });
    expect(v1).toMatchObject({
      treeId: 'p1',
      number: 1,
      author: 'user:default/alice',
      message: 'first',
      fileCount: 2,
      restoredFrom: null,
    });
    expect(v2).toMatchObject({ number: 2, fileCount: 3 });
    expect(v2.size).toBe(
      Buffer.byteLength('- hosts: web\n  tasks: []\n') +
        Buffer.byteLength(cfg.content) +
        8,
    );
    expect((await t.store.listVersions('p1')).items.map(v => v.number)).toEqual(
      [2, 1],
    );
    expect(await t.store.readFiles('p1', 1)).toEqual([cfg, site]);
    expect((await t.store.readFiles('p1')).map(f => f.path)).toEqual([
      'ansible.cfg',
      'roles/web/tasks/main.yml',
      'site.yml',
    ]);
    expect(await t.store.getVersion('p1')).toEqual(v2);
    // Another tree is its own history.
    expect(
      (await t.store.save('p2', { files: [site], author: 'a', message: '' }))
        .number,
    ).toBe(1);
    expect((await t.store.getVersion('p2')).message).toBe('(no message)');
  });

  it('diffs any two versions file by file', async () => {
    await t.store.save('p', { files: [site, cfg], author: 'a', message: '1' });
    await t.store.save('p', {
      files: [{ ...site, content: '- hosts: web\n  tasks: []\n' }, role],
      author: 'a',
      message: '2',
    });
    const changes = await t.store.diff('p', 1, 2);
    expect(changes.map(c => [c.path, c.status])).toEqual([
      ['ansible.cfg', 'removed'],
      ['roles/web/tasks/main.yml', 'added'],
      ['site.yml', 'modified'],
    ]);
    expect(changes[2].patch).toContain(
      '--- a/site.yml\tversion 1\n+++ b/site.yml\tversion 2',
    );
    expect(changes[2].patch).toContain('-- hosts: all\n+- hosts: web');
    expect(await t.store.diff('p', 2, 2)).toEqual([]);
  });

  it('restores an old version as a new one', async () => {
    await t.store.save('p', { files: [site], author: 'a', message: '1' });
    await t.store.save('p', { files: [cfg], author: 'a', message: '2' });
    const v3 = await t.store.restore('p', 1, { author: 'user:default/carol' });
    expect(v3).toMatchObject({
      number: 3,
      author: 'user:default/carol',
      message: 'Restored version 1',
      restoredFrom: 1,
    });
    expect(await t.store.readFiles('p', 3)).toEqual([site]);
    expect(v3.sha256).toBe((await t.store.getVersion('p', 1)).sha256);
  });

  it('refuses a save based on an older version, and one that changes nothing; nothing is stored', async () => {
    await t.store.save('p', { files: [site], author: 'a', message: '1' });
    await t.store.save('p', {
      files: [cfg],
      author: 'b',
      message: '2',
      baseVersion: 1,
    });
    await expect(
      t.store.save('p', {
        files: [role],
        author: 'a',
        message: 'stale',
        baseVersion: 1,
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^baseVersion: version 2 was saved since version 1/,
      ),
    });
    await expect(
      t.store.save('p', { files: [cfg], author: 'a', message: 'same' }),
    ).rejects.toThrow('files: nothing changed since version 2');
    expect((await t.store.listVersions('p')).totalCount).toBe(2);
  });

  it('lets one of two simultaneous saves win and refuses the other', async () => {
    await t.store.save('p', { files: [site], author: 'a', message: '1' });
    const results = await Promise.allSettled(
      [cfg, role].map(f =>
        t.store.save('p', {
          files: [f],
          author: 'a',
          message: 'race',
          baseVersion: 1,
        }),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    expect(
      (results.find(r => r.status === 'rejected') as PromiseRejectedResult)
        .reason.name,
    ).toBe('ConflictError');
    expect((await t.store.listVersions('p')).totalCount).toBe(2);
  });

  it('answers NotFound for a missing version and forgets a deleted tree', async () => {
    await expect(t.store.getVersion('none')).rejects.toThrow(
      'none has no saved version',
    );
    await t.store.save('p', { files: [site], author: 'a', message: '1' });
    await expect(t.store.readFiles('p', 7)).rejects.toThrow(
      'p has no version 7',
    );
    await t.store.deleteTree('p');
    expect((await t.store.listVersions('p')).totalCount).toBe(0);
  });
});

describe('filesProblem', () => {
  const big = 'x'.repeat(LIMITS.fileBytes + 1);
  const file = (path: string, content: unknown = '') => ({ path, content });
  const badPath =
    'a relative path of letters, digits and . _ @ + - (no empty, . or .. parts)';
  it.each([
    ['no files', [], 'files: a tree needs at least one file'],
    [
      'a path leaving the tree',
      [file('../etc/passwd')],
      `files[0].path: ${badPath}`,
    ],
    ['an absolute path', [file('/abs.yml')], `files[0].path: ${badPath}`],
    ['an empty path part', [file('a//b.yml')], `files[0].path: ${badPath}`],
    ['a . path part', [file('roles/./x')], `files[0].path: ${badPath}`],
    ['a hidden file', [site, file('.hidden')], `files[1].path: ${badPath}`],
    [
      'a path listed twice',
      [site, site],
      'files[1].path: site.yml is listed twice',
    ],
    [
      'a file that is also a folder',
      [file('a'), file('a/b')],
      'files: a is both a file and a folder',
    ],
    [
      'malformed Unicode',
      [file('x.yml', 'bad \ud800')],
      'files[0].content: contains malformed Unicode',
    ],
    [
      'a NUL character',
      [file('x.yml', 'nul \u0000')],
      'files[0].content: contains a NUL character',
    ],
    [
      'a file over the size limit',
      [file('x.yml', big)],
      'files[0].content: at most 1024 KiB per file',
    ],
    [
      'a content that is not text',
      [file('x.yml', 3)],
      'files[0]: needs a path and a content, both text',
    ],
  ])('refuses %s', (_what, files, problem) => {
    expect(filesProblem(files as never)).toBe(problem);
  });

  it('accepts a usual project', () => {
    expect(
      filesProblem([site, cfg, role, file('requirements.yml') as never]),
    ).toBeUndefined();
  });
});
