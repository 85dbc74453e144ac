import { LoggerService } from '@backstage/backend-plugin-api';
import { RotationResult } from '@opssight/plugin-vault-common';
import { VaultCipher } from '@opssight/plugin-vault-node';
import { CredentialStore } from '../database/CredentialStore';

/**
 * Re-encrypts every credential not yet under the active key, in batches, each
 * credential in its own transaction. Running it twice, or on two replicas at
 * once, or while credentials are being updated, re-encrypts each one at most
 * once and never overwrites a newer secret.
 */
export async function rotateVault(options: {
  store: CredentialStore;
  cipher: VaultCipher;
  logger: LoggerService;
  batchSize?: number;
}): Promise<RotationResult> {
  const { store, cipher, logger, batchSize = 100 } = options;
  const activeKeyId = cipher.activeKeyId;
  let rotated = 0;
  const failed: RotationResult['failed'] = [];
  let afterId: string | undefined;

  for (;;) {
    const batch = await store.listSealedWithOtherKeys({
      keyId: activeKeyId,
      afterId,
      limit: batchSize,
    });
    if (batch.length === 0) break;
    for (const entry of batch) {
      try {
        const outcome = await store.reseal(entry.id, activeKeyId, sealed => {
          const plaintext = cipher.decrypt(sealed, entry.id);
          try {
            return cipher.encrypt(plaintext, entry.id);
          } finally {
            plaintext.fill(0);
          }
        });
        if (outcome === 'resealed') rotated += 1;
      } catch (error) {
        const message = (error as Error).message;
        logger.warn(
          `Could not re-encrypt credential ${entry.id} ('${entry.name}', key '${entry.keyId}'): ${message}`,
        );
        failed.push({ ...entry, message });
      }
    }
    afterId = batch[batch.length - 1].id;
  }

  const total = await store.count();
  return {
    activeKeyId,
    total,
    rotated,
    unchanged: Math.max(0, total - rotated - failed.length),
    failed,
  };
}
