import { randomBytes } from 'node:crypto';
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { killRunProcesses } from './processes';

const OWNER_FILE = '.owner';
const LABEL = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A run's private working directory (mode 0700): the source checkout, the
 * tool's configuration, HOME, sockets. Its name is the run's id, the value of
 * the marker every process of the run carries.
 *
 * @public
 */
export interface RunDirectory {
  readonly id: string;
  readonly path: string;
  /** An absolute path inside the directory; refuses `..` and absolute names. */
  resolve(name: string): string;
  /** Writes a file inside the directory (mode 0600 unless given), creating its folders. */
  writeFile(
    name: string,
    content: string | Buffer,
    mode?: number,
  ): Promise<string>;
  /** Kills the run's processes, then deletes the directory. Safe to call twice. */
  remove(): Promise<void>;
}

class LocalRunDirectory implements RunDirectory {
  constructor(readonly id: string, readonly path: string) {}

  resolve(name: string): string {
    const full = resolve(this.path, name);
    const inside = relative(this.path, full);
    if (
      !inside ||
      inside === '..' ||
      inside.startsWith('../') ||
      isAbsolute(inside)
    ) {
      throw new TypeError(
        `${JSON.stringify(name)} is not inside the run directory`,
      );
    }
    return full;
  }

  async writeFile(name: string, content: string | Buffer, mode = 0o600) {
    const full = this.resolve(name);
    await mkdir(dirname(full), { recursive: true, mode: 0o700 });
    await writeFile(full, content, { mode });
    await chmod(full, mode); // writeFile's mode applies only to new files
    return full;
  }

  async remove() {
    await killRunProcesses(this.id);
    await rm(this.path, { recursive: true, force: true });
  }
}

/**
 * Where runs keep their working directories. One root per plugin; every
 * directory records the backend process that made it, so `sweep()` at
 * start-up removes what a backend that died left behind (and kills its
 * processes) without touching the live runs of another backend on the host.
 *
 * @public
 */
export class RunDirectories {
  constructor(readonly root: string) {}

  /** `<tmpdir>/opssight-<pluginId>-runs` unless `root` is given. */
  static forPlugin(pluginId: string, root?: string): RunDirectories {
    return new RunDirectories(
      resolve(root ?? join(tmpdir(), `opssight-${pluginId}-runs`)),
    );
  }

  /** A new, empty run directory; `label` (lowercase, digits, dashes) starts its id. */
  async create(label: string): Promise<RunDirectory> {
    if (!LABEL.test(label)) {
      throw new TypeError(
        `label ${JSON.stringify(label)}: lowercase letters, digits and dashes`,
      );
    }
    await this.ensureRoot();
    const id = `${label}-${randomBytes(6).toString('hex')}`;
    const path = join(this.root, id);
    await mkdir(path, { mode: 0o700 });
    const directory = new LocalRunDirectory(id, path);
    await directory.writeFile(OWNER_FILE, JSON.stringify({ pid: process.pid }));
    return directory;
  }

  /**
   * Removes the directories whose backend process is gone, after killing the
   * processes of those runs. Resolves to the ids removed.
   */
  async sweep(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const id of entries) {
      const path = join(this.root, id);
      const pid = await ownerPid(path);
      if (pid !== undefined && isAlive(pid)) continue;
      await new LocalRunDirectory(id, path).remove();
      removed.push(id);
    }
    return removed;
  }

  private async ensureRoot() {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const stat = await lstat(this.root);
    if (!stat.isDirectory()) {
      throw new Error(`${this.root} is not a directory`);
    }
    if (stat.uid !== process.getuid?.()) {
      throw new Error(`${this.root} belongs to another user`);
    }
    if ((stat.mode & 0o777) !== 0o700) await chmod(this.root, 0o700);
  }
}

async function ownerPid(path: string): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(await readFile(join(path, OWNER_FILE), 'utf8'));
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
