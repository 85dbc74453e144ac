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
import {
  CredentialKind,
  CredentialName,
  CredentialScope,
} from '@opssight/plugin-vault-common';
import { vaultCredentialNames } from './credentialNames';
import { CredentialSecret, openSecretFields } from './credentialSecret';
import {
  destinationRefusal,
  DestinationRules,
  readDestinationRules,
} from './destinations';
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
  /** For messages: users know credentials by name. */
  name?: string;
  kind: CredentialKind;
  scope?: CredentialScope;
  username: string;
  sealed: SealedSecret;
  /**
   * The URL the checkout is bound to, when it was asked for one: the secret
   * may be sent to this URL and to paths under it, nowhere else.
   */
  destination?: string;
  /** The credential's allowed destinations when it was checked out (shared credentials). */
  allowedDestinations?: string[];
};

/**
 * Where a checked-out secret is going to be sent over HTTP(S): the base URL
 * of the service (e.g. a cluster's API URL `https://k8s.example.com:6443`).
 * The vault hands a shared credential out for a destination only when an
 * admin bound the credential to it, and API tokens only with a destination.
 *
 * @public
 */
export type SecretDestination = {
  destination?: string;
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
  getSecret(
    options: {
      credentialId: string;
      credentials: BackstageCredentials;
    } & SecretDestination,
  ): Promise<CredentialSecret>;
  /**
   * The first half of {@link VaultService.getSecret}: checks the credential
   * out on the user's behalf (authorized, recorded, audited) but keeps it
   * sealed. For work that runs later or on another replica, without the
   * user's credentials: store the checkout (it is ciphertext, bound to the
   * credential id) and {@link VaultService.open} it when the work runs.
   * Never send it to a browser or log it all the same.
   */
  checkout(
    options: {
      credentialId: string;
      credentials: BackstageCredentials;
    } & SecretDestination,
  ): Promise<CredentialCheckout>;
  /**
   * Decrypts a checkout in this process, with the vault keys this backend has
   * (every replica needs the same). Throws when it does not decrypt, e.g.
   * when the key that sealed it was removed since.
   *
   * A checkout bound to a destination opens only for a `url` at or under
   * that destination (and, for a shared credential, still among its allowed
   * destinations): pass the URL the request is about to go to. Throws a
   * {@link VaultRequestError} (403) otherwise.
   */
  open(
    checkout: CredentialCheckout,
    options?: { url?: string | URL },
  ): CredentialSecret;
  /**
   * Checks a shared credential out of the vault as the calling plugin itself,
   * for work no user is present for (a scheduled health check), and decrypts
   * it in this process. The vault refuses personal credentials (403) and
   * audits the use with the calling plugin and `purpose`.
   */
  getSharedSecret(
    options: {
      credentialId: string;
      /** Why the plugin needs it, for the audit trail, e.g. `health check of cluster prod-eu-1`. */
      purpose: string;
    } & SecretDestination,
  ): Promise<CredentialSecret>;
  /**
   * Whether the user whose `credentials` the calling plugin acts with may
   * have the credential sent to `destination` (a URL): they may use it, and,
   * for a shared credential, an admin bound it to that destination. For
   * validating a form (a cluster's API URL and token) before anything is
   * sent; no secret leaves the vault. Resolves to the credential's name,
   * kind and scope; rejects with a {@link VaultRequestError}: 403 (may not
   * be sent there, or may not be used; the message names the credential and
   * the reason), 404 (no such credential), 400 (not a URL).
   * {@link checkoutRefusal} turns it into the answer to the form's request.
   */
  checkDestination(options: {
    credentialId: string;
    credentials: BackstageCredentials;
    destination: string;
  }): Promise<CredentialName>;
  /**
   * What a credential is (name, kind, scope) as the user whose `credentials`
   * the calling plugin acts with sees it, to check a choice in a form (a
   * cluster's health checks need a shared API token) and to name the
   * credential in messages. No secret leaves the vault. Resolves to undefined
   * when it does not exist or is another user's personal credential (the
   * vault answers 404 for both); rejects with a {@link VaultRequestError}
   * otherwise (403 for a caller that is not a user, 503 when the vault cannot
   * be asked).
   */
  describeCredential(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialName | undefined>;
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
    return new DefaultVaultService(
      cipher,
      options.discovery,
      options.auth,
      readDestinationRules(options.config),
    );
  }

  private constructor(
    private readonly cipher: VaultCipher,
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly rules: DestinationRules,
  ) {}

  async getSecret(
    options: {
      credentialId: string;
      credentials: BackstageCredentials;
    } & SecretDestination,
  ): Promise<CredentialSecret> {
    const checkout = await this.checkout(options);
    return this.open(checkout, { url: checkout.destination });
  }

  async checkout(
    options: {
      credentialId: string;
      credentials: BackstageCredentials;
    } & SecretDestination,
  ): Promise<CredentialCheckout> {
    const { credentialId, credentials, destination } = options;
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
    return this.requestCheckout(
      credentialId,
      token,
      destination === undefined ? undefined : { destination },
    );
  }

  async getSharedSecret(
    options: {
      credentialId: string;
      purpose: string;
    } & SecretDestination,
  ): Promise<CredentialSecret> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'vault',
    });
    const checkout = await this.requestCheckout(options.credentialId, token, {
      purpose: options.purpose,
      ...(options.destination === undefined
        ? {}
        : { destination: options.destination }),
    });
    return this.open(checkout, { url: checkout.destination });
  }

  async checkDestination(options: {
    credentialId: string;
    credentials: BackstageCredentials;
    destination: string;
  }): Promise<CredentialName> {
    const { credentialId, credentials, destination } = options;
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'vault',
    });
    const response = await this.post(
      `/credentials/${encodeURIComponent(credentialId)}/destination-check`,
      token,
      { destination },
    );
    if (!response.ok) {
      const cause = await causeOf(response);
      throw new VaultRequestError(
        response.status,
        cause?.message ?? `The vault answered HTTP ${response.status}`,
      );
    }
    const { id, name, kind, scope } = (await response.json()) as CredentialName;
    return { id, name, kind, scope };
  }

  describeCredential(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialName | undefined> {
    return vaultCredentialNames({
      discovery: this.discovery,
      auth: this.auth,
    }).get(options);
  }

  private async post(
    path: string,
    token: string,
    body?: object,
  ): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('vault');
    return fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: body
        ? {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          }
        : { authorization: `Bearer ${token}` },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
  }

  /** POST …/checkout with a plugin token; `purpose` only for a plugin acting on its own. */
  private async requestCheckout(
    credentialId: string,
    token: string,
    body?: { purpose?: string; destination?: string },
  ): Promise<CredentialCheckout> {
    const response = await this.post(
      `/credentials/${encodeURIComponent(credentialId)}/checkout`,
      token,
      body,
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
    if (
      body?.destination !== undefined &&
      checkout.destination !== body.destination
    ) {
      throw new VaultRequestError(
        502,
        `The vault answered with a checkout for another destination than ${body.destination}`,
      );
    }
    return {
      id: checkout.id,
      name: checkout.name,
      kind: checkout.kind,
      scope: checkout.scope,
      username: checkout.username,
      sealed: checkout.sealed,
      ...(checkout.destination === undefined
        ? {}
        : {
            destination: checkout.destination,
            allowedDestinations: checkout.allowedDestinations ?? [],
          }),
    };
  }

  open(
    checkout: CredentialCheckout,
    options: { url?: string | URL } = {},
  ): CredentialSecret {
    this.assertDestination(checkout, options.url);
    return {
      kind: checkout.kind,
      username: checkout.username,
      ...openSecretFields(this.cipher, checkout.id, checkout.sealed),
    };
  }

  /**
   * The second lock on a checkout bound to a destination: whatever the
   * vault answered, the secret opens only for a URL under the destination,
   * and a shared one only where its bindings (as checked out) allow.
   */
  private assertDestination(
    checkout: CredentialCheckout,
    url: string | URL | undefined,
  ): void {
    if (checkout.destination === undefined) {
      if (url !== undefined || checkout.kind === 'api-token') {
        throw new VaultRequestError(
          400,
          `Credential '${
            checkout.name ?? checkout.id
          }' was checked out for no destination; check it out for the URL it is sent to`,
        );
      }
      return;
    }
    const refusal =
      (url === undefined
        ? 'give the URL the secret is sent to'
        : destinationRefusal(
            [formatPrefix(checkout.destination)],
            url,
            this.rules,
          )) ??
      (checkout.scope !== 'personal'
        ? destinationRefusal(
            checkout.allowedDestinations ?? [],
            url ?? '',
            this.rules,
          )
        : undefined);
    if (refusal) {
      throw new VaultRequestError(
        403,
        `Credential '${
          checkout.name ?? checkout.id
        }' may not be sent there: ${refusal}`,
      );
    }
  }

  private async errorFrom(
    response: Response,
    credentialId: string,
  ): Promise<VaultRequestError> {
    const cause = await causeOf(response);
    return new VaultRequestError(
      response.status,
      `The vault refused credential '${credentialId}': ${
        cause?.message ?? `HTTP ${response.status}`
      }`,
      cause,
    );
  }
}

/** The JSON error body every Backstage backend answers with, if it is one. */
async function causeOf(
  response: Response,
): Promise<{ name?: string; message?: string } | undefined> {
  try {
    return (
      (await response.json()) as {
        error?: { name?: string; message?: string };
      }
    ).error;
  } catch {
    return undefined;
  }
}

/** A destination URL as the prefix that covers it and the paths under it. */
function formatPrefix(destination: string): string {
  const url = new URL(destination);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `${url.protocol}//${url.host}${path}`;
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
 * naming the field (`where`): 400 for an unknown credential or one of a kind
 * the vault hands out only otherwise (an API token without a destination),
 * 403 when the user may not use it (or not there), 503 when the vault could
 * not be asked.
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
  if (error instanceof VaultRequestError && error.statusCode === 400) {
    return new InputError(`${where}: ${error.message}${hint}`);
  }
  return new ServiceUnavailableError(
    `${where}: could not check out credential '${credentialId}' from the vault: ${
      (error as Error).message
    }`,
  );
}
