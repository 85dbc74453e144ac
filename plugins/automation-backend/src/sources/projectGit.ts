import { RootConfigService } from '@backstage/backend-plugin-api';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import { RunDirectory } from '@opssight/plugin-runner-node';
import type {
  CredentialCheckout,
  CredentialSecret,
  VaultService,
} from '@opssight/plugin-vault-node';
import { createHash } from 'node:crypto';
import {
  checkoutGitSource,
  gitAuthOf,
  GitCheckout,
  GitSource,
  GitSourceError,
} from './gitSource';
import { normalGitHostKey } from '@opssight/plugin-automation-common';

/**
 * How jobs reach a git project's remote: what the configuration allows, and
 * the SSH host key pinned on the project (the projects store).
 */
export interface GitRemoteAccess {
  allowFileUrls: boolean;
  /** `automation.git.allowedNetworks`. */
  policy: OutboundAddressPolicy;
  /** The key pinned on the project; undefined before its first SSH fetch. */
  hostKeyOf(projectId: string): Promise<string | undefined>;
  /**
   * Pins the key a first fetch of `url` met; false when a key was pinned
   * meanwhile or the project's URL changed.
   */
  pinHostKey(projectId: string, url: string, hostKey: string): Promise<boolean>;
}

/** The git settings of `automation` (allowFileGitUrls, git.allowedNetworks). */
export function gitSettingsFromConfig(config: RootConfigService) {
  return {
    allowFileUrls:
      config.getOptionalBoolean('automation.allowFileGitUrls') ?? false,
    policy: OutboundAddressPolicy.fromConfig(
      config.getOptionalConfig('automation.git'),
      'automation.git',
    ),
  };
}

/**
 * Opens a project's git credential for the fetch. A checkout bound to a
 * destination (an API token, checked out for the project's URL) opens only
 * for that URL; one checked out for none (an SSH key, a password) opens only
 * without one.
 */
export function openGitCredential(
  vault: Pick<VaultService, 'open'>,
  sealed: CredentialCheckout | undefined,
  url: string,
): CredentialSecret | undefined {
  if (!sealed) return undefined;
  return vault.open(sealed, sealed.destination !== undefined ? { url } : {});
}

/** `SHA256:…`, as ssh-keygen -l and the machines' connection tests show a key. */
export function hostKeyFingerprint(hostKey: string): string {
  const blob = Buffer.from(hostKey.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256')
    .update(blob)
    .digest('base64')
    .replace(/=+$/, '')}`;
}

/**
 * Fetches a project's git source for a job (a run or a syntax check) with
 * the key pinned on the project, and pins the key a first SSH fetch met.
 * Without `access` (a handler built without the projects part) the fetch is
 * as strict as it gets: public addresses only, and nothing pinned.
 */
export async function checkoutProjectGit(
  source: GitSource & { projectId?: string },
  options: {
    access?: GitRemoteAccess;
    allowFileUrls: boolean;
    directory: RunDirectory;
    credential?: CredentialSecret;
    signal?: AbortSignal;
    path?: string;
    /** The job's log (system stream). */
    log: (text: string) => void;
  },
): Promise<GitCheckout> {
  const access = options.access;
  const projectId = source.projectId;
  const pinned =
    access && projectId ? await access.hostKeyOf(projectId) : undefined;
  const checkout = await checkoutGitSource(source, {
    directory: options.directory,
    allowFileUrls: access?.allowFileUrls ?? options.allowFileUrls,
    policy: access?.policy,
    auth: gitAuthOf(options.credential),
    hostKey: pinned,
    signal: options.signal,
    path: options.path,
    onOutput: options.log,
  });
  if (checkout.hostKey && access && projectId) {
    const fingerprint = hostKeyFingerprint(checkout.hostKey);
    if (await access.pinHostKey(projectId, source.url, checkout.hostKey)) {
      options.log(
        `pinned the git server's host key ${fingerprint} (first fetch); a different key from now on fails with "host key changed"\n`,
      );
    } else {
      // Another first fetch pinned a key meanwhile: this one must match it.
      const now = await access.hostKeyOf(projectId);
      if (now && normalGitHostKey(now) !== checkout.hostKey) {
        throw new GitSourceError(
          `host key changed: the git server presented ${fingerprint}, not the key pinned on the project`,
        );
      }
    }
  }
  return checkout;
}
