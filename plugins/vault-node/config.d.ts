export interface Config {
  /** OpsSight credential vault. Every backend plugin that decrypts credentials reads it. */
  vault?: {
    /**
     * Encryption keys. The first is the active key that new secrets are encrypted
     * with; the others still decrypt what they encrypted, until `POST /api/vault/rotate`
     * has re-encrypted everything under the active key.
     * Production: `[{ id: ${OPSSIGHT_VAULT_KEY_ID}, secret: ${OPSSIGHT_VAULT_KEY} }]`.
     */
    keys?: Array<{
      /** A name for the key, stored beside every secret it encrypts, e.g. `2026-11`. */
      id: string;
      /**
       * Base64 of 32 random bytes (`openssl rand -base64 32`).
       * @visibility secret
       */
      secret: string;
    }>;
    /**
     * Development only, when `vault.keys` is not set: the file holding a generated key,
     * relative to the backend's working directory. Default `../../.data/vault-dev-key.json`.
     */
    devKeyFile?: string;
    /** Where shared credentials may be sent (each one's allowed destinations are set in the vault). */
    destinations?: {
      /**
       * Whether secrets may be sent over plain http (to an allowed destination).
       * Default false; true only for development and tests.
       */
      allowInsecureHttp?: boolean;
    };
    /**
     * Development only (scripts/start.sh sets it for its demo sshd; never in a
     * production config, and ignored when `vault.keys` is set): shared credentials
     * created at start-up, once, when no shared credential has the name.
     * Owned by `user:default/system`, audited as `credential-seed`.
     */
    seed?: {
      sharedCredentials?: Array<{
        /** The credential's name, e.g. `demo-ssh`. */
        name: string;
        /** Only `ssh-key`. */
        kind: 'ssh-key';
        /** The SSH user it logs in as. */
        username: string;
        /** File holding the private key (unencrypted), relative to the backend's working directory. */
        privateKeyFile: string;
        description?: string;
      }>;
    };
  };
}
