import {
  Credential,
  CredentialKind,
  CredentialScope,
} from '@opssight/plugin-vault-common';
import { SealedSecret } from '@opssight/plugin-vault-node';

/** What the vault learns from an SSH key's public half; null for other kinds. */
export type KeyDescription = {
  keyType: string | null;
  fingerprint: string | null;
  publicKey: string | null;
};

/** A credential to store, its secret already sealed for its id. */
export type NewCredential = KeyDescription & {
  id: string;
  name: string;
  kind: CredentialKind;
  scope: CredentialScope;
  owner: string;
  username: string;
  description: string;
  /** Shared credentials only; [] for personal ones. */
  allowedDestinations: string[];
  sealed: SealedSecret;
};

/** Fields left out stay as they are; `secret` replaces the secret and what describes it. */
export type CredentialChanges = {
  name?: string;
  username?: string;
  description?: string;
  allowedDestinations?: string[];
  secret?: KeyDescription & { sealed: SealedSecret };
};

export type ResealOutcome = 'resealed' | 'current' | 'gone';

/**
 * Persistence for the vault. Not-found is NotFoundError, a name already taken
 * ConflictError. Secrets come and go only as SealedSecret.
 */
export interface CredentialStore {
  /** The user's personal credentials and every shared one, by name. */
  listVisible(options: {
    user: string;
    kind?: CredentialKind;
    scope?: CredentialScope;
  }): Promise<Credential[]>;
  get(id: string): Promise<Credential>;
  getSealed(
    id: string,
  ): Promise<{ credential: Credential; sealed: SealedSecret }>;
  create(input: NewCredential): Promise<Credential>;
  update(id: string, changes: CredentialChanges): Promise<Credential>;
  /** Returns the credential as it was. */
  delete(id: string): Promise<Credential>;
  markUsed(id: string): Promise<void>;
  count(): Promise<number>;

  /** Credentials sealed with a key other than `keyId`, in id order after `afterId`. */
  listSealedWithOtherKeys(options: {
    keyId: string;
    afterId?: string;
    limit: number;
  }): Promise<Array<{ id: string; name: string; keyId: string }>>;
  /**
   * In one transaction: re-reads the credential and, unless it is gone or
   * already sealed with `keyId`, replaces its secret with `reseal(current)`,
   * but only if nobody rewrote it meanwhile.
   */
  reseal(
    id: string,
    keyId: string,
    reseal: (sealed: SealedSecret) => SealedSecret | Promise<SealedSecret>,
  ): Promise<ResealOutcome>;
}
