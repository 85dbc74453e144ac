/**
 * Who an SSH login to a machine logs in as, for every plugin that logs in
 * (connection tests, terminals, bulk runs) and every form that says so: the
 * machine's SSH user when it has one, else the credential's username. A key
 * is often shared by machines with different accounts; the machine knows
 * which account is its own.
 *
 * Undefined when neither says: see {@link noSshUserMessage}.
 */
export function sshLoginUser(
  machine: { sshUser?: string | null },
  credentialUsername: string | null | undefined,
): string | undefined {
  return machine.sshUser || credentialUsername || undefined;
}

/** Why a login to `machine` cannot start when {@link sshLoginUser} finds nobody to log in as. */
export function noSshUserMessage(
  machine: { hostname: string },
  credentialName?: string,
): string {
  const credential = credentialName
    ? `credential '${credentialName}'`
    : 'the credential';
  return `${machine.hostname} has no SSH user and ${credential} has no username, so there is nobody to log in as: set the SSH user on the machine, or a username on the credential`;
}
