import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Cluster,
  ClusterApiHealth,
  NodeSshCheck,
} from '@opssight/plugin-clusters-common';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import { probeMany, ProbeSshOptions } from '@opssight/plugin-ssh-node';
import { VaultRequestError, VaultService } from '@opssight/plugin-vault-node';
import { ClustersStore } from '../database/ClustersStore';
import { MachineRegistry, snapshotOf } from '../service/MachineRegistry';
import { checkKubeApi } from './kubeApi';

export type HealthCheckOptions = {
  /** Nodes probed at once, per cluster. */
  concurrency: number;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
};

/**
 * Why the vault refused, in words viewers of the cluster may read: the
 * vault's own message names the credential by name; never its id.
 */
function vaultReason(error: unknown): string {
  if (error instanceof VaultRequestError) {
    if (error.statusCode === 404) {
      return 'the credential no longer exists; choose another API token for the cluster';
    }
    const cause = error.cause as { message?: string } | undefined;
    if (cause?.message) return cause.message;
  }
  return (error as Error).message;
}

/** Clusters checked at once by the scheduled task. */
const CLUSTERS_AT_ONCE = 4;

/**
 * Checks a cluster's health: every node over SSH (TCP, handshake, the
 * machine's pinned host key; no login) and, when the cluster has an API URL
 * and a token credential, the Kubernetes API (`/readyz`, `/api/v1/nodes`).
 * Runs as the plugin itself, since scheduled checks have no user: the
 * machines API as a service, the token as a shared vault credential.
 */
export class HealthChecker {
  constructor(
    private readonly deps: {
      store: ClustersStore;
      registry: MachineRegistry;
      vault: VaultService;
      auth: AuthService;
      logger: LoggerService;
      options: HealthCheckOptions;
      /** Which addresses an API URL may point at (`clusters.apiUrl.allowedNetworks`). */
      policy: OutboundAddressPolicy;
    },
  ) {}

  /**
   * Checks one cluster and stores the results. `machinesChanged` says whether
   * the registry's machines at the nodes' IPs differ from what the cluster
   * had (a host name the catalog shows, a machine removed).
   */
  async check(
    clusterId: string,
  ): Promise<{ cluster: Cluster; machinesChanged: boolean }> {
    const { store, registry, auth } = this.deps;
    const before = await store.getCluster(clusterId);
    const machines = await registry.machinesAt(
      before.nodes.map(n => n.ip),
      await auth.getOwnServiceCredentials(),
    );
    const checkedAt = new Date().toISOString();
    const [ssh, api] = await Promise.all([
      this.probeNodes(before, machines, checkedAt),
      this.checkApi(before, checkedAt),
    ]);
    const cluster = await store.recordHealthCheck(clusterId, {
      checkedAt,
      ssh,
      api,
      machines: new Map([...machines].map(([ip, m]) => [ip, snapshotOf(m)])),
    });
    const machinesChanged = cluster.nodes.some(node => {
      const old = before.nodes.find(n => n.ip === node.ip);
      return (
        old?.machineId !== node.machineId || old?.hostname !== node.hostname
      );
    });
    return { cluster, machinesChanged };
  }

  /** Every cluster, a few at a time; one cluster's failure does not stop the others. */
  async checkAll(
    onChecked?: (result: {
      cluster: Cluster;
      machinesChanged: boolean;
    }) => Promise<void>,
  ): Promise<void> {
    const ids = await this.deps.store.getAllClusterIds();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        try {
          const result = await this.check(id);
          await onChecked?.(result);
        } catch (error) {
          this.deps.logger.warn(
            `Health check of cluster ${id} failed: ${(error as Error).message}`,
          );
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CLUSTERS_AT_ONCE, ids.length) }, worker),
    );
  }

  private async probeNodes(
    cluster: Cluster,
    machines: Map<
      string,
      { sshPort: number; sshUser: string; hostKeyFingerprint: string | null }
    >,
    checkedAt: string,
  ): Promise<Map<string, NodeSshCheck>> {
    const { options } = this.deps;
    const results = new Map<string, NodeSshCheck>();
    const targets: Array<ProbeSshOptions & { ip: string }> = [];
    for (const node of cluster.nodes) {
      const machine = machines.get(node.ip);
      if (!machine) {
        results.set(node.ip, {
          checkedAt,
          reachable: false,
          sshOk: false,
          latencyMs: null,
          errorKind: null,
          message: `${node.ip} is no longer a registered machine; register it again to check it`,
        });
        continue;
      }
      targets.push({
        ip: node.ip,
        host: node.ip,
        port: machine.sshPort,
        expectedFingerprint: machine.hostKeyFingerprint,
        username: machine.sshUser || undefined,
        connectTimeoutMs: options.connectTimeoutMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
      });
    }
    const probes = await probeMany(targets, {
      concurrency: options.concurrency,
    });
    probes.forEach((probe, index) =>
      results.set(targets[index].ip, {
        checkedAt,
        reachable: probe.reachable,
        sshOk: probe.sshOk,
        latencyMs: probe.latencyMs,
        errorKind: probe.errorKind,
        message: probe.message,
      }),
    );
    return results;
  }

  private async checkApi(
    cluster: Cluster,
    checkedAt: string,
  ): Promise<ClusterApiHealth | null> {
    const { apiUrl, apiTokenCredentialId } = cluster;
    if (!apiUrl || !apiTokenCredentialId) {
      return null;
    }
    let token: string | undefined;
    try {
      // The vault hands the token out only for the API URL an admin bound it to.
      const secret = await this.deps.vault.getSharedSecret({
        credentialId: apiTokenCredentialId,
        purpose: `health check of cluster ${cluster.name}`,
        destination: apiUrl,
      });
      token = secret.kind === 'api-token' ? secret.token : undefined;
    } catch (error) {
      return {
        checkedAt,
        ready: false,
        message: `Could not check the API token out of the vault: ${vaultReason(
          error,
        )}`,
        nodes: [],
      };
    }
    if (!token) {
      return {
        checkedAt,
        ready: false,
        message: `Credential '${apiTokenCredentialId}' holds no API token`,
        nodes: [],
      };
    }
    const result = await checkKubeApi({
      apiUrl,
      caData: cluster.apiCaData,
      token,
      policy: this.deps.policy,
    });
    return { checkedAt, ...result };
  }
}
