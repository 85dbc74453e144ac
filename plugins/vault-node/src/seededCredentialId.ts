import { createHash } from 'node:crypto';

/**
 * The id of the shared credential a development seed creates under `name`
 * (`vault.seed.sharedCredentials`): the same on every start and in every
 * plugin, so another plugin's seed (the demo machines' default credential,
 * `machines.seed.defaultCredential`) can refer to it by name, whichever
 * plugin starts first. A UUID (version 5 layout) derived from the name.
 *
 * @public
 */
export function seededCredentialId(name: string): string {
  const hex = createHash('sha256')
    .update(`opssight-seeded-credential:${name}`)
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
