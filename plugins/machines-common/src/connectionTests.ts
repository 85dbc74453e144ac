import type { ConnectionResult, ConnectionTestRequest } from './types';

/**
 * The job kind of a connection test on the job engine (jobs-node): one job
 * per "test these machines", one target per machine, keyed by machine id.
 */
export const CONNECTION_TEST_JOB_KIND = 'connection-test';

/**
 * A connection test job's params: what was asked, as asked (exactly one of
 * `machineIds`, `group`, `all`), and `machineCount`, how many machines that
 * was when the test started. Never secrets.
 */
export type ConnectionTestParams = ConnectionTestRequest & {
  machineCount: number;
};

/**
 * What a connection test target's `meta` holds: how the machine was to be
 * reached when the test started and, once its test finished, `check`, the
 * result as it is kept on the machine (`Machine.lastCheck`).
 */
export type ConnectionTestTargetMeta = {
  machineId: string;
  ip: string;
  hostname: string;
  sshPort: number;
  /** The vault credential the test logs in with; null for a handshake-only probe. */
  credentialId: string | null;
  /** Who the test logs in (or introduces itself) as; see `sshLoginUser`. */
  username: string | null;
  check?: ConnectionResult;
};

/**
 * The result of one machine's test from its job target, once it has one.
 * Takes any target (`JobTarget` of jobs-common) so this package needs no
 * job types.
 */
export function connectionResultOf(target: {
  meta: { [key: string]: unknown };
}): ConnectionResult | undefined {
  const check = (target.meta as Partial<ConnectionTestTargetMeta>).check;
  return check && typeof check === 'object' ? check : undefined;
}
