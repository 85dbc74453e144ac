import { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MachinesStore } from '../database/MachinesStore';
import { parseBulkText } from './bulk';

const SEEDED = 'seeded-from';

/**
 * Imports demo machines once, on the first start of an empty registry. Remembered in
 * the database, so machines a user deletes do not come back on the next start.
 */
export async function seedMachines(options: {
  store: MachinesStore;
  logger: LoggerService;
  file: string;
  owner: string;
  /** Where the demo machines answer SSH (a development start runs a demo sshd). */
  sshPort?: number;
  sshUser?: string;
  /** Their default credential: the id of the vault's seeded shared credential. */
  defaultCredentialId?: string;
}) {
  const { store, logger, file, owner, sshPort, sshUser, defaultCredentialId } =
    options;
  if (await store.getMeta(SEEDED)) return;
  const { totalCount } = await store.listMachines({ limit: 1 });
  if (totalCount > 0) {
    await store.setMeta(SEEDED, 'pre-existing machines');
    return;
  }
  let text: string;
  try {
    text = await fs.readFile(path.resolve(file), 'utf8');
  } catch (error) {
    logger.warn(`Not seeding machines: cannot read ${file}: ${error}`);
    return;
  }
  const parsed = await parseBulkText(text);
  const result = await store.createMachines(
    parsed.rows.map(row => ({
      ...row,
      input: {
        ...row.input,
        owner,
        ...(sshPort && { sshPort }),
        ...(sshUser && { sshUser }),
        ...(defaultCredentialId && { defaultCredentialId }),
      },
    })),
  );
  for (const row of [...parsed.rejected, ...result.rejected]) {
    logger.warn(`Seed ${file} line ${row.line} skipped: ${row.reason}`);
  }
  await store.setMeta(SEEDED, file);
  logger.info(`Seeded ${result.created.length} machines from ${file}`);
}
