import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  createPluginRouter,
  parseInput,
  RouteGuardOptions,
} from '@opssight/plugin-http-node';
import {
  Cluster,
  clusterCreatePermission,
  clusterDeletePermission,
  clusterReadPermission,
  ClusterTopology,
  clusterUpdatePermission,
  createClusterSchema,
  CreatedCluster,
  diffTopology,
  IpLookup,
  ipLookupRequestSchema,
  reconfigureClusterSchema,
  topologySchema,
  topologyWarnings,
  updateClusterSchema,
} from '@opssight/plugin-clusters-common';
import express from 'express';
import { pageQuery } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import { ClustersStore, MachinesByIp } from '../database/ClustersStore';
import { HealthChecker } from '../health/HealthChecker';
import { spec } from '../schema/openapi.generated';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import {
  checkoutRefusal,
  usableCredential,
  VaultService,
} from '@opssight/plugin-vault-node';
import { AnnounceClusters } from './events';
import { kubesprayInventory } from './inventory';
import { MachineRegistry, snapshotOf } from './MachineRegistry';

export interface RouterOptions extends RouteGuardOptions {
  store: ClustersStore;
  registry: MachineRegistry;
  health: HealthChecker;
  vault: VaultService;
  /** Which addresses an API URL may point at (`clusters.apiUrl.allowedNetworks`). */
  apiUrlPolicy: OutboundAddressPolicy;
  announce: AnnounceClusters;
  /** Owner of clusters created without one. */
  defaultOwner: string;
  /**
   * More routes of this plugin (the bulk runs' `/runs` and `/snippets`),
   * mounted after the shared middleware and the cluster routes.
   */
  extraRoutes?: express.Router;
}

const page = pageQuery(1000);
const listQuerySchema = z.object({
  environment: z.string().trim().optional(),
  q: z.string().optional(),
  limit: page.limit.optional(),
  offset: page.offset.optional(),
});

function topologyOf(cluster: Cluster): ClusterTopology {
  const ips = (role: 'master' | 'worker') =>
    cluster.nodes.filter(n => n.role === role).map(n => n.ip);
  return {
    masters: ips('master'),
    workers: ips('worker'),
    loadBalancerIp: cluster.loadBalancerIp,
  };
}

/** Each IP of the lists with the field path the API names it by (`workers.2`). */
function withPaths(topology: Pick<ClusterTopology, 'masters' | 'workers'>) {
  return [
    ...topology.masters.map((ip, i) => ({ ip, path: `masters.${i}` })),
    ...topology.workers.map((ip, i) => ({ ip, path: `workers.${i}` })),
  ];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, registry, health, announce, vault } = options;
  const { router, authorize, audited } = createPluginRouter(spec, {
    ...options,
    body: { limitKb: 512 },
    validateRequests: false,
  });

  /**
   * The registered machines at `ips`, looked up on behalf of the caller; a 400
   * naming every IP that is not one, by its field path.
   */
  async function registeredMachines(
    entries: Array<{ ip: string; path: string }>,
    credentials: BackstageCredentials,
    where: string,
  ): Promise<MachinesByIp> {
    const snapshots = await registry.snapshotsAt(
      entries.map(e => e.ip),
      credentials,
    );
    const missing = entries.filter(e => !snapshots.has(e.ip));
    if (missing.length) {
      throw new InputError(
        `Invalid ${where}: ${missing
          .map(
            e =>
              `${e.path}: ${e.ip} is not a registered machine; register it first`,
          )
          .join('; ')}`,
      );
    }
    return snapshots;
  }

  /** Advice: an even number of masters, IPs that are nodes of other clusters. */
  async function warningsFor(
    topology: ClusterTopology,
    newIps: string[],
    clusterName?: string,
  ): Promise<string[]> {
    const elsewhere = await store.clusterNamesByIp(newIps);
    return [
      ...topologyWarnings(topology),
      ...newIps.flatMap(ip => {
        const others = (elsewhere.get(ip) ?? []).filter(n => n !== clusterName);
        return others.length
          ? [
              `${ip} is already a node of ${others
                .map(n => `'${n}'`)
                .join(', ')}`,
            ]
          : [];
      }),
    ];
  }

  /**
   * The API URL and token a cluster is about to have: a URL the policy
   * allows, a shared API token, and one the vault would send to that URL.
   */
  /**
   * Checks, on behalf of the caller, where a cluster's API token would go:
   * the API URL is one the outbound-address policy allows (a 400 `apiUrl: …`
   * otherwise), the credential is a shared API token the caller can see
   * (health checks run with no user present, and the vault hands a plugin
   * acting on its own shared credentials only), and the vault would send it
   * to that URL (admins bind shared credentials to destinations; the
   * refusal names the credential). No secret leaves the vault.
   */
  async function checkApiAccess(
    api: { apiUrl: string | null; credentialId: string | null },
    credentials: BackstageCredentials,
  ) {
    const { apiUrl, credentialId } = api;
    const field = 'apiTokenCredentialId';
    if (apiUrl) {
      const problem = await options.apiUrlPolicy.checkResolved(apiUrl);
      if (problem) {
        throw new InputError(`apiUrl: ${problem}`);
      }
    }
    if (!credentialId) {
      return;
    }
    const credential = await usableCredential(vault, {
      credentialId,
      credentials,
      field,
      kinds: {
        accepted: ['api-token'],
        why: 'health checks call the Kubernetes API with an API token (a service-account token)',
      },
    });
    if (credential.scope !== 'shared') {
      throw new InputError(
        `${field}: credential '${credential.name}' is personal; health checks run with no user present, so the token must be a shared credential (admins add them in the vault)`,
      );
    }
    if (apiUrl) {
      try {
        await vault.checkDestination({
          credentialId,
          credentials,
          destination: apiUrl,
        });
      } catch (error) {
        throw checkoutRefusal(error, { where: field, credentialId });
      }
    }
  }

  router.get('/clusters', async (req, res) => {
    await authorize(req, clusterReadPermission);
    res.json(
      await store.listClusters(parseInput(listQuerySchema, req.query, 'query')),
    );
  });

  router.post('/clusters', async (req, res) => {
    const { credentials, actor } = await authorize(
      req,
      clusterCreatePermission,
    );
    const input = parseInput(createClusterSchema, req.body, 'cluster');
    const taken = await store
      .getClusterByName(input.name)
      .catch(error =>
        error instanceof NotFoundError ? null : Promise.reject(error),
      );
    if (taken) {
      throw new ConflictError(
        `name: a cluster named '${input.name}' already exists`,
      );
    }
    const machines = await registeredMachines(
      withPaths(input),
      credentials,
      'cluster',
    );
    await checkApiAccess(
      { apiUrl: input.apiUrl, credentialId: input.apiTokenCredentialId },
      credentials,
    );
    const topology: ClusterTopology = {
      masters: input.masters,
      workers: input.workers,
      loadBalancerIp: input.loadBalancerIp,
    };
    const warnings = await warningsFor(topology, [
      ...input.masters,
      ...input.workers,
    ]);
    const cluster = await audited(
      req,
      'cluster-create',
      {
        name: input.name,
        environment: input.environment,
        masters: input.masters,
        workers: input.workers,
        loadBalancerIp: input.loadBalancerIp,
        apiUrl: input.apiUrl,
        apiTokenCredentialId: input.apiTokenCredentialId,
      },
      () =>
        store.createCluster(
          {
            name: input.name,
            description: input.description,
            environment: input.environment,
            owner: input.owner ?? options.defaultOwner,
            topology,
            apiUrl: input.apiUrl,
            apiCaData: input.apiCaData,
            apiTokenCredentialId: input.apiTokenCredentialId,
            createdBy: actor,
          },
          machines,
        ),
    );
    await announce({ type: 'upserted', clusters: [cluster] });
    const created: CreatedCluster = { ...cluster, warnings };
    res.status(201).json(created);
  });

  router.get('/clusters/by-name/:name', async (req, res) => {
    await authorize(req, clusterReadPermission);
    res.json(await store.getClusterByName(req.params.name));
  });

  router.get('/clusters/:id', async (req, res) => {
    await authorize(req, clusterReadPermission);
    res.json(await store.getCluster(req.params.id));
  });

  router.patch('/clusters/:id', async (req, res) => {
    const { credentials, actor } = await authorize(
      req,
      clusterUpdatePermission,
    );
    const details = parseInput(updateClusterSchema, req.body, 'cluster');
    const current = await store.getCluster(req.params.id);
    const urlChanged =
      details.apiUrl !== undefined && details.apiUrl !== current.apiUrl;
    const tokenChanged =
      details.apiTokenCredentialId !== undefined &&
      details.apiTokenCredentialId !== current.apiTokenCredentialId;
    if (urlChanged || tokenChanged) {
      // Either half changing re-checks the pair: where the token would go.
      await checkApiAccess(
        {
          apiUrl:
            details.apiUrl === undefined ? current.apiUrl : details.apiUrl,
          credentialId:
            details.apiTokenCredentialId === undefined
              ? current.apiTokenCredentialId
              : details.apiTokenCredentialId,
        },
        credentials,
      );
    }
    const { cluster, change } = await audited(
      req,
      'cluster-update',
      {
        id: current.id,
        name: current.name,
        fields: Object.keys(details),
        newName: details.name ?? null,
        apiUrl: details.apiUrl ?? null,
        apiTokenCredentialId: details.apiTokenCredentialId ?? null,
      },
      () => store.updateCluster(current.id, details, actor),
    );
    if (change && cluster.name !== current.name) {
      // The catalog entity is named after the cluster: the old one goes.
      await announce({ type: 'deleted', clusters: [current] });
    }
    if (change) {
      await announce({ type: 'upserted', clusters: [cluster] });
    }
    res.json(cluster);
  });

  router.delete('/clusters/:id', async (req, res) => {
    await authorize(req, clusterDeletePermission);
    const current = await store.getCluster(req.params.id);
    const cluster = await audited(
      req,
      'cluster-delete',
      { id: current.id, name: current.name },
      () => store.deleteCluster(current.id),
    );
    await announce({ type: 'deleted', clusters: [cluster] });
    res.status(204).end();
  });

  router.post('/clusters/:id/topology/preview', async (req, res) => {
    const { credentials } = await authorize(req, clusterUpdatePermission);
    const topology = parseInput(topologySchema, req.body, 'topology');
    const cluster = await store.getCluster(req.params.id);
    const diff = diffTopology(topologyOf(cluster), topology);
    const current = new Set(cluster.nodes.map(n => n.ip));
    const added = withPaths(topology).filter(e => !current.has(e.ip));
    await registeredMachines(added, credentials, 'topology');
    res.json({
      diff,
      warnings: await warningsFor(
        topology,
        added.map(e => e.ip),
        cluster.name,
      ),
    });
  });

  router.put('/clusters/:id/topology', async (req, res) => {
    const { credentials, actor } = await authorize(
      req,
      clusterUpdatePermission,
    );
    const { expectedUpdatedAt, ...topology } = parseInput(
      reconfigureClusterSchema,
      req.body,
      'topology',
    );
    const cluster = await store.getCluster(req.params.id);
    const diff = diffTopology(topologyOf(cluster), topology);
    const reconfigure = (machines: MachinesByIp) =>
      store.reconfigure(cluster.id, topology, {
        by: actor,
        expectedUpdatedAt,
        machines,
      });
    if (diff.empty) {
      // Nothing to record; a stale version is still a 409.
      res.json(await reconfigure(new Map()));
      return;
    }
    const current = new Set(cluster.nodes.map(n => n.ip));
    const machines = await registeredMachines(
      withPaths(topology).filter(e => !current.has(e.ip)),
      credentials,
      'topology',
    );
    const result = await audited(
      req,
      'cluster-reconfigure',
      {
        id: cluster.id,
        name: cluster.name,
        expectedUpdatedAt: expectedUpdatedAt ?? null,
        mastersAdded: diff.masters.added,
        mastersRemoved: diff.masters.removed,
        workersAdded: diff.workers.added,
        workersRemoved: diff.workers.removed,
        loadBalancer: diff.loadBalancer,
      },
      () => reconfigure(machines),
    );
    if (result.change) {
      await announce({ type: 'upserted', clusters: [result.cluster] });
    }
    res.json(result);
  });

  router.get('/clusters/:id/history', async (req, res) => {
    await authorize(req, clusterReadPermission);
    res.json(await store.listChanges(req.params.id));
  });

  router.get('/clusters/:id/inventory', async (req, res) => {
    const { credentials } = await authorize(req, clusterReadPermission);
    const cluster = await store.getCluster(req.params.id);
    const machines = await registry.machinesAt(
      cluster.nodes.map(n => n.ip),
      credentials,
    );
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${cluster.name}-hosts.yaml"`,
    );
    res.send(kubesprayInventory(cluster, machines));
  });

  router.post('/clusters/:id/health-checks', async (req, res) => {
    await authorize(req, clusterUpdatePermission);
    const current = await store.getCluster(req.params.id);
    const { cluster, machinesChanged } = await audited(
      req,
      'cluster-health-check',
      { id: current.id, name: current.name },
      () => health.check(current.id),
    );
    if (machinesChanged) {
      await announce({ type: 'upserted', clusters: [cluster] });
    }
    res.json(cluster);
  });

  router.post('/ip-lookup', async (req, res) => {
    const { credentials } = await authorize(req, clusterReadPermission);
    const ips = [
      ...new Set(parseInput(ipLookupRequestSchema, req.body, 'IP lookup').ips),
    ];
    const [machines, clusters] = await Promise.all([
      registry.machinesAt(ips, credentials),
      store.clusterNamesByIp(ips),
    ]);
    const answer: IpLookup[] = ips.map(ip => {
      const machine = machines.get(ip);
      return {
        ip,
        machine: machine ? snapshotOf(machine) : null,
        clusters: clusters.get(ip) ?? [],
      };
    });
    res.json(answer);
  });

  if (options.extraRoutes) {
    router.use(options.extraRoutes);
  }

  return router;
}
