import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { Job, JobTarget } from '@opssight/plugin-jobs-common';
import { JobEngine } from '@opssight/plugin-jobs-node';
import {
  CONNECTION_TEST_JOB_KIND,
  ConnectionTestParams,
  ConnectionTestRequest,
  ConnectionTestTargetMeta,
  Machine,
} from '@opssight/plugin-machines-common';
import { CredentialCheckout } from '@opssight/plugin-vault-node';
import type { Request, Response } from 'express';
import type {
  ConnectionTestOptions,
  ConnectionTestSecret,
} from './connectionTestHandler';

/** Who to test and on whose behalf. */
export interface ConnectionTestStart {
  machines: Machine[];
  /** What was asked, as the job's params keep it. */
  request: ConnectionTestRequest;
  /** Entity ref (or subject) of the caller: the job's owner. */
  requestedBy: string;
  /** The caller's credentials: secrets are checked out on their behalf. */
  credentials: BackstageCredentials;
}

/**
 * The credentials a test logs in with, checked out of the vault on the
 * caller's behalf and still sealed: by machine id, which credential it uses
 * and as whom (machines without one get a handshake-only probe), and the
 * checkouts.
 */
export type MachineLogins = {
  loginOf: Map<string, { credentialId: string; username: string }>;
  checkouts: CredentialCheckout[];
};

/**
 * Where a connection test gets the credentials to log in to machines with.
 * The vault plugs in here; without credentials a test proves the handshake
 * and the host key only. Called before the job exists, so a credential the
 * caller may not use refuses the request instead of failing each machine.
 */
export type MachineCredentialsResolver = (request: {
  machines: Machine[];
  credentials: BackstageCredentials;
  /** Picked for this test, overriding each machine's default credential; `null` for none. */
  credentialId?: string | null;
}) => Promise<MachineLogins>;

/** A connection test job and its per-machine results. */
export type ConnectionTestDetails = { job: Job; targets: JobTarget[] };

/**
 * The vault credential a test logs in to a machine with: the one picked for
 * the test (`null`: none), else the machine's default.
 */
export function loginCredentialId(
  machine: Machine,
  picked?: string | null,
): string | undefined {
  if (picked !== undefined) {
    return picked ?? undefined;
  }
  return machine.defaultCredentialId ?? undefined;
}

/** `web-1`, `group lab`, `all machines`, `12 machines`: what a test is of. */
function testTitle(request: ConnectionTestRequest, machines: Machine[]) {
  if (request.all) return 'Connection test of all machines';
  if (request.group) return `Connection test of group ${request.group}`;
  if (machines.length === 1) {
    return `Connection test of ${machines[0].hostname}`;
  }
  return `Connection test of ${machines.length} machines`;
}

/** Connection tests as jobs of the plugin's job engine. */
export class ConnectionTests {
  constructor(
    private readonly engine: JobEngine,
    private readonly options: ConnectionTestOptions,
    private readonly resolveCredentials: MachineCredentialsResolver = async () => ({
      loginOf: new Map(),
      checkouts: [],
    }),
  ) {}

  /**
   * Checks the credentials out and enqueues the test; whichever replica
   * claims it runs it. Rejects, before any job exists, when a credential
   * cannot be used.
   */
  async start(start: ConnectionTestStart): Promise<Job> {
    const { machines, request } = start;
    const logins = await this.resolveCredentials({
      machines,
      credentials: start.credentials,
      credentialId: request.credentialId,
    });
    const params: ConnectionTestParams = {
      ...request,
      machineCount: machines.length,
    };
    const secret: ConnectionTestSecret = {
      checkouts: Object.fromEntries(logins.checkouts.map(c => [c.id, c])),
    };
    return this.engine.enqueue({
      kind: CONNECTION_TEST_JOB_KIND,
      title: testTitle(request, machines),
      subject: machines.length === 1 ? `machine:${machines[0].id}` : null,
      params,
      targets: machines.map(machine => {
        const login = logins.loginOf.get(machine.id);
        const meta: ConnectionTestTargetMeta = {
          machineId: machine.id,
          ip: machine.ip,
          hostname: machine.hostname,
          sshPort: machine.sshPort,
          credentialId: login?.credentialId ?? null,
          username: login?.username ?? (machine.sshUser || null),
        };
        return {
          key: machine.id,
          label: `${machine.hostname} (${machine.ip})`,
          meta,
        };
      }),
      timeoutMs: this.timeoutMs(machines.length),
      createdBy: start.requestedBy,
      secret: logins.checkouts.length
        ? (secret as unknown as JsonObject)
        : null,
    });
  }

  async get(id: string): Promise<ConnectionTestDetails> {
    const job = await this.job(id);
    return { job, targets: await this.engine.getTargets(job.id) };
  }

  async streamEvents(id: string, req: Request, res: Response): Promise<void> {
    const job = await this.job(id);
    await this.engine.streamEvents(job.id, req, res);
  }

  private async job(id: string): Promise<Job> {
    const job = await this.engine.get(id);
    if (!job || job.kind !== CONNECTION_TEST_JOB_KIND) {
      throw new NotFoundError(`No connection test with id '${id}'`);
    }
    return job;
  }

  /**
   * Every wave of `concurrency` machines taking its full connect and
   * handshake time, plus a minute. The per-machine timeouts end a test long
   * before; this only stops one that hangs for another reason.
   */
  private timeoutMs(machines: number): number {
    const { concurrency, connectTimeoutMs, handshakeTimeoutMs } = this.options;
    const waves = Math.ceil(machines / Math.max(1, concurrency));
    return waves * (connectTimeoutMs + handshakeTimeoutMs + 1000) + 60_000;
  }
}
