import {
  AuditorService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { seededCredentialId, VaultCipher } from '@opssight/plugin-vault-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CredentialStore } from '../database/CredentialStore';
import { sealNewSecret } from './secrets';

/** Who owns what the seed creates (shared credentials: ownership grants nothing). */
export const SEED_OWNER = 'user:default/system';

export type SharedCredentialSeed = {
  name: string;
  kind: 'ssh-key';
  username: string;
  privateKeyFile: string;
  description: string;
};

/**
 * `vault.seed.sharedCredentials`, a development convenience (scripts/start.sh
 * stores its demo sshd's key). Ignored, with a warning, where real vault keys
 * are configured (`vault.keys`): a production vault is never seeded from files.
 */
export function readCredentialSeeds(options: {
  config: RootConfigService;
  logger: LoggerService;
}): SharedCredentialSeed[] {
  const { config, logger } = options;
  const entries = config.getOptionalConfigArray('vault.seed.sharedCredentials');
  if (!entries?.length) return [];
  if (config.has('vault.keys')) {
    logger.warn(
      'vault.seed.sharedCredentials is ignored: it is for development only, and vault.keys is set',
    );
    return [];
  }
  return entries.map(entry => {
    const kind = entry.getOptionalString('kind') ?? 'ssh-key';
    if (kind !== 'ssh-key') {
      throw new Error(
        `vault.seed.sharedCredentials: kind: only 'ssh-key' can be seeded, not '${kind}'`,
      );
    }
    return {
      name: entry.getString('name'),
      kind,
      username: entry.getString('username'),
      privateKeyFile: entry.getString('privateKeyFile'),
      description:
        entry.getOptionalString('description') ??
        'Development seed (vault.seed.sharedCredentials)',
    };
  });
}

/**
 * Creates each seeded shared credential once: skipped when a shared credential
 * already has its name (also one a user created) or its id (seeded on an
 * earlier start, renamed since). Its id is {@link seededCredentialId} of the name, so other seeds can
 * refer to it. Audited as `credential-seed`; the key itself is never logged.
 */
export async function seedSharedCredentials(options: {
  seeds: SharedCredentialSeed[];
  store: CredentialStore;
  cipher: VaultCipher;
  auditor: AuditorService;
  logger: LoggerService;
}): Promise<void> {
  const { seeds, store, cipher, auditor, logger } = options;
  if (!seeds.length) return;
  const shared = await store.listVisible({ user: SEED_OWNER, scope: 'shared' });
  for (const seed of seeds) {
    const id = seededCredentialId(seed.name);
    // Present under its name, or renamed since it was seeded.
    if (shared.some(c => c.name === seed.name || c.id === id)) continue;
    const meta = {
      id,
      name: seed.name,
      kind: seed.kind,
      scope: 'shared',
      owner: SEED_OWNER,
      allowedDestinations: [],
    };
    const event = await auditor.createEvent({
      eventId: 'credential-seed',
      severityLevel: 'medium',
      meta,
    });
    try {
      const privateKey = await fs.readFile(
        path.resolve(seed.privateKeyFile),
        'utf8',
      );
      await store.create({
        id,
        name: seed.name,
        kind: seed.kind,
        scope: 'shared',
        owner: SEED_OWNER,
        username: seed.username,
        description: seed.description,
        allowedDestinations: [],
        ...sealNewSecret(cipher, id, seed.kind, { privateKey }),
      });
      await event.success({ meta });
      logger.info(`Seeded the shared credential '${seed.name}'`);
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      if (error instanceof ConflictError) continue; // another replica seeded it
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `no file ${seed.privateKeyFile}`
          : (error as Error).message;
      logger.warn(
        `Not seeding the shared credential '${seed.name}': ${reason}`,
      );
    }
  }
}
