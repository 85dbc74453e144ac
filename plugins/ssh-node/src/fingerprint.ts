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

/**
 * A raw SSH public key blob in the OpenSSH text form (`<type> <base64>`), as
 * it appears in known_hosts and `.pub` files, without a comment.
 *
 * @public
 */
export function publicKeyTextOf(hostKey: Buffer): string {
  // The blob starts with its key type as an SSH string: uint32 length, then the name.
  const typeLength = hostKey.readUInt32BE(0);
  const type = hostKey.subarray(4, 4 + typeLength).toString('ascii');
  return `${type} ${hostKey.toString('base64')}`;
}
