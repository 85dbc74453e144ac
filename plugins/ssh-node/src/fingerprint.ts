import { createHash } from 'node:crypto';

/**
 * The SHA-256 fingerprint of a raw SSH public key blob, formatted as OpenSSH
 * prints it (`ssh-keygen -lf`): `SHA256:` and unpadded base64.
 *
 * @public
 */
export function fingerprintOf(hostKey: Buffer): string {
  const digest = createHash('sha256').update(hostKey).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
