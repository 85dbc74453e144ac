import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CredentialKind } from '@opssight/plugin-vault-common';
import { CredentialSecret, openSecretFields } from './credentialSecret';
import { SealedSecret, VaultCipher } from './VaultCipher';
import { readVaultKeys } from './vaultKeys';

/**
 * What `POST /api/vault/credentials/:id/checkout` answers: the credential's
 * ciphertext, never its plaintext.
 *
 * @public
 */
export type CredentialCheckout = {
  id: string;
  kind: CredentialKind;
  username: string;
  sealed: SealedSecret;
};

/**
 * The vault refused or failed a request. `statusCode` is the vault's answer
 * (403 when the user may not use the credential, 404 when it does not exist),
 * so a plugin's router that lets it through answers the same.
 *
 * @public
 */
export class VaultRequestError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'VaultRequestError';
    this.statusCode = statusCode;
  }
}

/**
 * How a backend plugin gets a credential's secret to act for a user (open an
 * SSH session, run a playbook), or a shared one to act on its own (scheduled
 * checks). Server-side only; never send the result to a browser.
 *
 * @public
 */
export interface VaultService {
  /**
   * Checks the credential out of the vault on behalf of the user whose
   * `credentials` the calling plugin acts with, and decrypts it in this process.
   * The vault checks that the user may use it, records the use and audits it.
   */
  getSecret(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialSecret>;
  /**
   * The first half of {@link VaultService.getSecret}: checks the credential
   * out on the user's behalf (authorized, recorded, audited) but keeps it
   * sealed. For work that runs later or on another replica, without the
   * user's credentials: store the checkout (it is ciphertext, bound to the
   * credential id) and {@link VaultService.open} it when the work runs.
   * Never send it to a browser or log it all the same.
   */
  checkout(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialCheckout>;
  /**
   * Decrypts a checkout in this process, with the vault keys this backend has
   * (every replica needs the same). Throws when it does not decrypt, e.g.
   * when the key that sealed it was removed since.
   */
  open(checkout: CredentialCheckout): CredentialSecret;
  /**
   * Checks a shared credential out of the vault as the calling plugin itself,
   * for work no user is present for (a scheduled health check), and decrypts
   * it in this process. The vault refuses personal credentials (403) and
   * audits the use with the calling plugin and `purpose`.
   */
  getSharedSecret(options: {
    credentialId: string;
    /** Why the plugin needs it, for the audit trail, e.g. `health check of cluster prod-eu-1`. */
    purpose: string;
  }): Promise<CredentialSecret>;
}

/**
 * The {@link VaultService} that asks the vault plugin over HTTP.
 *
 * @public
 */
export class DefaultVaultService implements VaultService {
  static create(options: {
    config: RootConfigService;
    logger: LoggerService;
    discovery: DiscoveryService;
    auth: AuthService;
  }): DefaultVaultService {
    const cipher = new VaultCipher(readVaultKeys(options));
    return new DefaultVaultService(cipher, options.discovery, options.auth);
  }

  private constructor(
    private readonly cipher: VaultCipher,
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async getSecret(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialSecret> {
    return this.open(await this.checkout(options));
  }

  async checkout(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialCheckout> {
    const { credentialId, credentials } = options;
    if (!this.auth.isPrincipal(credentials, 'user')) {
      throw new VaultRequestError(
        403,
        'Credentials are checked out on behalf of a user; these credentials are not a user',
      );
    }
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'vault',
    });
    return this.requestCheckout(credentialId, token);
  }

  async getSharedSecret(options: {
    credentialId: string;
    purpose: string;
  }): Promise<CredentialSecret> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'vault',
    });
    return this.open(
      await this.requestCheckout(options.credentialId, token, {
        purpose: options.purpose,
      }),
    );
  }

  /** POST …/checkout with a plugin token; `body` only for a plugin acting on its own. */
  private async requestCheckout(
    credentialId: string,
    token: string,
    body?: { purpose: string },
  ): Promise<CredentialCheckout> {
    const baseUrl = await this.discovery.getBaseUrl('vault');
    const response = await fetch(
      `${baseUrl}/credentials/${encodeURIComponent(credentialId)}/checkout`,
      {
        method: 'POST',
        headers: body
          ? {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
            }
          : { authorization: `Bearer ${token}` },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      },
    );
    if (!response.ok) {
      throw await this.errorFrom(response, credentialId);
    }
    const checkout = (await response.json()) as CredentialCheckout;
    if (checkout.id !== credentialId) {
      throw new VaultRequestError(
        502,
        `The vault answered with credential '${checkout.id}' instead of '${credentialId}'`,
      );
    }
    return {
      id: checkout.id,
      kind: checkout.kind,
      username: checkout.username,
      sealed: checkout.sealed,
    };
  }

  open(checkout: CredentialCheckout): CredentialSecret {
    return {
      kind: checkout.kind,
      username: checkout.username,
      ...openSecretFields(this.cipher, checkout.id, checkout.sealed),
    };
  }

  private async errorFrom(
    response: Response,
    credentialId: string,
  ): Promise<VaultRequestError> {
    let cause: { name?: string; message?: string } | undefined;
    try {
      cause = ((await response.json()) as { error?: typeof cause }).error;
    } catch {
      // Not the JSON error body every Backstage backend answers with.
    }
    return new VaultRequestError(
      response.status,
      `The vault refused credential '${credentialId}': ${
        cause?.message ?? `HTTP ${response.status}`
      }`,
      cause,
    );
  }
}

/**
 * The vault, for backend plugins that use credentials.
 *
 * @public
 */
export const vaultServiceRef = createServiceRef<VaultService>({
  id: 'opssight.vault',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory: deps => DefaultVaultService.create(deps),
    }),
});

/**
 * A failed checkout as the answer to the request that chose the credential,
 * naming the field (`where`): 400 for an unknown credential, 403 when the
 * user may not use it, 503 when the vault could not be asked.
 *
 * @public
 */
export function checkoutRefusal(
  error: unknown,
  options: { where: string; credentialId: string; hint?: string },
): Error {
  const { where, credentialId, hint = '' } = options;
  if (error instanceof VaultRequestError && error.statusCode === 404) {
    return new InputError(
      `${where}: no credential with id '${credentialId}' in the vault${hint}`,
    );
  }
  if (error instanceof VaultRequestError && error.statusCode === 403) {
    return new NotAllowedError(`${where}: ${error.message}${hint}`);
  }
  return new ServiceUnavailableError(
    `${where}: could not check out credential '${credentialId}' from the vault: ${
      (error as Error).message
    }`,
  );
}
