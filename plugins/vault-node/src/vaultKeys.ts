import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { VaultKey } from './VaultCipher';

const DEFAULT_DEV_KEY_FILE = '../../.data/vault-dev-key.json';
const ENV_HINT =
  'set OPSSIGHT_VAULT_KEY (base64 of 32 random bytes: `openssl rand -base64 32`) and OPSSIGHT_VAULT_KEY_ID (a name for that key, e.g. 2026-11), which app-config.production.yaml maps to vault.keys';

function decodeSecret(text: string, where: string): Buffer {
  const secret = Buffer.from(text.trim(), 'base64');
  // Buffer.from ignores what is not base64, so check that nothing was dropped.
  const canonical = secret.toString('base64').replace(/=+$/, '');
  if (canonical !== text.trim().replace(/=+$/, '') || secret.length !== 32) {
    throw new Error(
      `${where} must be base64 of exactly 32 random bytes (\`openssl rand -base64 32\`)`,
    );
  }
  return secret;
}

function configuredKeys(config: RootConfigService): VaultKey[] | undefined {
  const entries = config.getOptionalConfigArray('vault.keys');
  if (!entries || entries.length === 0) {
    return undefined;
  }
  return entries.map((entry, index) => {
    const where = `vault.keys[${index}]`;
    const id = entry.getOptionalString('id');
    const secret = entry.getOptionalString('secret');
    if (!id || !secret) {
      throw new Error(
        `${where} needs both an id and a secret (${
          !id ? 'id' : 'secret'
        } is missing): ${ENV_HINT}`,
      );
    }
    return { id, secret: decodeSecret(secret, `${where}.secret`) };
  });
}

type DevKeyFile = { id: string; secret: string };

function readDevKey(file: string): VaultKey {
  let parsed: DevKeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `The development vault key file ${file} is unreadable (${
        (error as Error).message
      }); restore it, or delete it to start an empty vault`,
    );
  }
  return {
    id: String(parsed.id),
    secret: decodeSecret(String(parsed.secret), `${file}: secret`),
  };
}

/**
 * Creates the file unless another process (or plugin) got there first: the key
 * is written to a private temporary file and linked into place, which fails if
 * the name exists, so every reader sees one complete key.
 */
function createDevKey(file: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const content: DevKeyFile = {
    id: `dev-${randomBytes(4).toString('hex')}`,
    secret: randomBytes(32).toString('base64'),
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString(
    'hex',
  )}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * The vault's keys, active first, from `vault.keys`. Without them, production
 * refuses to start, and development uses a key generated once into
 * `vault.devKeyFile`.
 *
 * @public
 */
export function readVaultKeys(options: {
  config: RootConfigService;
  logger: LoggerService;
}): VaultKey[] {
  const { config, logger } = options;
  const keys = configuredKeys(config);
  if (keys) {
    return keys;
  }
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      `vault.keys is not configured: ${ENV_HINT}. The vault will not start without its key.`,
    );
  }
  const file = path.resolve(
    process.cwd(),
    config.getOptionalString('vault.devKeyFile') ?? DEFAULT_DEV_KEY_FILE,
  );
  const created = !fs.existsSync(file) && createDevKey(file);
  const key = readDevKey(file);
  logger.warn(
    `vault.keys is not configured: ${
      created
        ? 'generated a development key into'
        : 'using the development key in'
    } ${file}. Anyone who can read that file can decrypt the vault, and losing it loses every stored secret; in production ${ENV_HINT}.`,
  );
  return [key];
}
