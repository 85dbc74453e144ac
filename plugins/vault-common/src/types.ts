/** What a credential holds. */
export const CREDENTIAL_KINDS = ['ssh-key', 'password', 'api-token'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * `personal`: only its owner sees and uses it. `shared`: admins manage it,
 * operators use it, viewers see its name.
 */
export const CREDENTIAL_SCOPES = ['personal', 'shared'] as const;
export type CredentialScope = (typeof CREDENTIAL_SCOPES)[number];

/** A stored credential as the API shows it. The secret itself is never part of it. */
export type Credential = {
  id: string;
  name: string;
  kind: CredentialKind;
  scope: CredentialScope;
  /** User entity ref of the owner of a personal credential, or of the creator of a shared one. */
  owner: string;
  /** The login name the secret belongs to; may be empty. */
  username: string;
  /** SSH keys only: the key algorithm, e.g. `ssh-ed25519`. */
  keyType: string | null;
  /** SSH keys only: SHA-256 fingerprint of the public key, `SHA256:…` as ssh-keygen prints it. */
  fingerprint: string | null;
  /** SSH keys only: the public key as an authorized_keys line, to install on machines. */
  publicKey: string | null;
  description: string;
  /**
   * Shared credentials only: where backend plugins may send the secret over
   * HTTP(S), as hosts (`k8s.example.com`, `10.0.0.10:6443`) or URL prefixes
   * (`https://k8s.example.com:6443/`). Empty: nowhere. Always empty for
   * personal credentials, which go wherever their owner sends them.
   */
  allowedDestinations: string[];
  /** When a backend plugin last checked the secret out on someone's behalf. */
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** All a caller who may not use credentials learns of a shared one: that it exists, and its name. */
export type CredentialName = Pick<Credential, 'id' | 'name' | 'kind' | 'scope'>;

export type CredentialListItem = Credential | CredentialName;

export type CredentialList = { items: CredentialListItem[] };

/** Whether a list item carries the full metadata or only the name. */
export function hasDetails(item: CredentialListItem): item is Credential {
  return 'owner' in item;
}

/** The outcome of re-encrypting the vault under the active key. */
export type RotationResult = {
  activeKeyId: string;
  /** Credentials in the vault when the rotation finished. */
  total: number;
  /** Re-encrypted by this run. */
  rotated: number;
  /** Already under the active key (including ones rewritten meanwhile by an update). */
  unchanged: number;
  /** Could not be decrypted, e.g. because their key is no longer configured. */
  failed: Array<{ id: string; name: string; keyId: string; message: string }>;
};
