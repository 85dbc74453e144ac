import { readdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Stores run on PostgreSQL and SQLite, runs start real processes: on a busy
// 2-core machine a test may take seconds (files that need more say so).
jest.setTimeout(60_000);

/** Whether the process `pid` still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/*
 * The tests' run roots (`RunDirectories.forPlugin('automation-…-test-<pid>')`)
 * are emptied by the runs themselves, but a root stays until something
 * removes it, and a test file's own afterAll runs after any hook declared
 * here. So each test file, as it starts, removes the empty roots of its
 * worker's earlier files and of test processes that have ended (rmdir: only
 * while empty).
 */
beforeAll(async () => {
  const root = /^opssight-automation-.*-(\d+)-runs$/;
  const ended = (await readdir(tmpdir())).filter(name => {
    const pid = Number(root.exec(name)?.[1]);
    return pid > 0 && (pid === process.pid || !alive(pid));
  });
  await Promise.all(
    ended.map(name => rmdir(join(tmpdir(), name)).catch(() => undefined)),
  );
});
