import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRunProcesses, RUN_MARKER_VARIABLE } from './processes';
import { RunDirectories } from './RunDirectories';

let base: string;
let directories: RunDirectories;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'run-directories-'));
  directories = new RunDirectories(join(base, 'runs'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A process carrying a run's marker, in its own session (like ssh-agent). */
function runDaemon(runId: string): number {
  const daemon = spawn('sleep', ['1000'], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: '/usr/bin:/bin', [RUN_MARKER_VARIABLE]: runId },
  });
  daemon.unref();
  return daemon.pid!;
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('RunDirectories', () => {
  it('makes private directories (0700, files 0600) under a private root', async () => {
    const run = await directories.create('ansible');
    expect(run.id).toMatch(/^ansible-[0-9a-f]{12}$/);
    expect(run.path).toBe(join(base, 'runs', run.id));
    expect(await mode(directories.root)).toBe(0o700);
    expect(await mode(run.path)).toBe(0o700);
    const file = await run.writeFile('inventory/hosts.yml', 'all: {}\n');
    expect(await readFile(file, 'utf8')).toBe('all: {}\n');
    expect(await mode(file)).toBe(0o600);
    expect(await mode(join(run.path, 'inventory'))).toBe(0o700);
    const script = await run.writeFile('askpass', '#!/bin/sh\n', 0o700);
    expect(await mode(script)).toBe(0o700);
    expect((await directories.create('ansible')).id).not.toBe(run.id);
  });

  it('tightens a root that exists with looser permissions', async () => {
    await directories.create('x');
    spawnSync('chmod', ['0755', directories.root]);
    await directories.create('x');
    expect(await mode(directories.root)).toBe(0o700);
  });

  it.each(['../escape', '/etc/passwd', 'a/../../b', '.', ''])(
    'refuses %j as a name inside the directory',
    async name => {
      const run = await directories.create('t');
      expect(() => run.resolve(name)).toThrow(
        'is not inside the run directory',
      );
      await expect(run.writeFile(name, 'x')).rejects.toThrow(
        'is not inside the run directory',
      );
    },
  );

  it.each(['', 'Upper', '../x', 'a b', 'x'.repeat(41)])(
    'refuses the label %j',
    async label => {
      await expect(directories.create(label)).rejects.toThrow(
        'lowercase letters, digits and dashes',
      );
    },
  );

  it('remove() kills the run processes, then deletes the directory; twice is harmless', async () => {
    const run = await directories.create('t');
    runDaemon(run.id);
    expect(await findRunProcesses(run.id)).toHaveLength(1);
    await run.remove();
    await run.remove();
    expect(await findRunProcesses(run.id)).toEqual([]);
    await expect(stat(run.path)).rejects.toThrow('ENOENT');
  });

  it("sweep() removes what a dead backend left (killing its runs' processes) and keeps live runs", async () => {
    const live = await directories.create('live');
    const orphan = await directories.create('orphan');
    const exited = spawnSync('true');
    expect(exited.status).toBe(0);
    await writeFile(
      join(orphan.path, '.owner'),
      JSON.stringify({ pid: exited.pid }),
    );
    const broken = await directories.create('broken');
    await rm(join(broken.path, '.owner'));
    runDaemon(orphan.id);

    expect((await directories.sweep()).sort()).toEqual(
      [broken.id, orphan.id].sort(),
    );
    expect(await findRunProcesses(orphan.id)).toEqual([]);
    await expect(stat(orphan.path)).rejects.toThrow('ENOENT');
    expect(await mode(live.path)).toBe(0o700);
    expect(await new RunDirectories(join(base, 'none')).sweep()).toEqual([]);
  });
});
