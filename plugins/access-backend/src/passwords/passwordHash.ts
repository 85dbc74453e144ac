import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters; stored with every hash so they can be raised later. */
export type ScryptParams = {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
};

/** 32 MiB and about 0.1 s per hash: the cost of every sign-in attempt. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Bounds on what a stored hash may ask for, so a tampered row cannot make a
// sign-in allocate gigabytes.
const LIMITS = { N: [2 ** 10, 2 ** 20], r: [1, 32], p: [1, 16] } as const;

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParams,
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      // One byte sequence for one visible password, however it was typed.
      password.normalize('NFC'),
      salt,
      length,
      { ...params, maxmem: 129 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

type ParsedHash = { params: ScryptParams; salt: Buffer; key: Buffer };

function parseHash(encoded: string): ParsedHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    return undefined;
  }
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const params = { N, r, p };
  for (const [name, [min, max]] of Object.entries(LIMITS)) {
    const value = params[name as keyof ScryptParams];
    if (!Number.isInteger(value) || value < min || value > max) {
      return undefined;
    }
  }
  if ((N & (N - 1)) !== 0) {
    return undefined;
  }
  const salt = Buffer.from(parts[4], 'base64url');
  const key = Buffer.from(parts[5], 'base64url');
  if (salt.length < SALT_BYTES || key.length < 16) {
    return undefined;
  }
  return { params, salt, key };
}

/** Whether `password` is the one behind `encoded`; false for a malformed hash. */
export async function verifyPasswordHash(
  password: string,
  encoded: string,
): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) {
    return false;
  }
  const key = await derive(
    password,
    parsed.salt,
    parsed.params,
    parsed.key.length,
  );
  return timingSafeEqual(key, parsed.key);
}
