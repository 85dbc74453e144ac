import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { createChangeAnnouncer } from '@opssight/plugin-catalog-provider-node';
import {
  createPluginRouter,
  jsonBody,
  parseInput,
  RouteGuardOptions,
} from '@opssight/plugin-http-node';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CredentialNames,
  VaultRequestError,
} from '@opssight/plugin-vault-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  bulkImportRequestSchema,
  connectionTestRequestSchema,
  groupInputSchema,
  Machine,
  MachineChangeEvent,
  machineInputSchema,
  MACHINES_EVENTS_TOPIC,
  machineConnectionTestPermission,
  machineCreatePermission,
  machineDeletePermission,
  machineReadPermission,
  machineUpdatePermission,
  describeOwnHostAddress,
  knownHostsLine,
} from '@opssight/plugin-machines-common';
import express from 'express';

import { z } from 'zod';
import { MachinesStore, NewMachine } from '../database/MachinesStore';
import { spec } from '../schema/openapi.generated';
import { parseBulkText, reportRejects } from './bulk';
import { ClusterMembership } from './clusterMembership';
import { ConnectionTests, loginCredentialId } from './ConnectionTests';

export interface RouterOptions extends RouteGuardOptions {
  events: EventsService;
  logger: LoggerService;
  store: MachinesStore;
  /** Connection tests, as jobs of the plugin's job engine. */
  tests: ConnectionTests;
  defaultOwner: string;
  /** Which clusters a machine is a node of: such a machine is not deleted. */
  clustersOf?: ClusterMembership;
  /** What the vault says a credential is, to check and name a machine's default credential. */
  credentialNames?: CredentialNames;
  /**
   * Whether a machine may be the portal's own host (loopback, unspecified or
   * link-local addresses): for development and tests only, since otherwise an
   * operator could probe the backend host's ports by registering them.
   */
  allowOwnHost?: boolean;
}

/** What the audit trail records of a machine created or changed. */
function machineMeta(input: NewMachine) {
  const { ip, hostname, defaultCredentialId } = input;
  return { ip, hostname, defaultCredentialId };
}

/** Why an ip may not be a machine's (it points at the portal's own host), or undefined. */
function ownHostRefusal(ip: string): string | undefined {
  const what = describeOwnHostAddress(ip);
  return what && `ip: ${what}, so no machine may be registered there`;
}

const listQuerySchema = z.object({
  q: z.string().optional(),
  group: z.string().optional(),
  tag: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  orderBy: z
    .enum(['ip', 'hostname', 'application', 'createdAt', 'updatedAt'])
    .optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** How many ids and IPs one lookup may name each: a cluster's nodes, a run's targets. */
export const LOOKUP_MAX = 1000;

const lookupRequestSchema = z.strictObject({
  ids: z
    .array(z.string().trim().min(1, 'must not be empty'))
    .max(LOOKUP_MAX, `at most ${LOOKUP_MAX} ids in one lookup`)
    .optional(),
  ips: z
    .array(z.string().trim().min(1, 'must not be empty'))
    .max(LOOKUP_MAX, `at most ${LOOKUP_MAX} IPs in one lookup`)
    .optional(),
});

/** A bulk import's body: its text (at most 1 MiB) in JSON, escapes and all. */
const BULK_IMPORT_BODY_KB = 2 * 1024 + 64;
/** Every other body: a machine, a group or a connection test request. */
const BODY_KB = 256;

/** The shared JSON body reader, with room for a bulk import on its route only. */
function jsonBodies(): express.RequestHandler {
  const bulk = jsonBody({ limitKb: BULK_IMPORT_BODY_KB });
  const other = jsonBody({ limitKb: BODY_KB });
  return (req, res, next) =>
    (req.path === '/bulk-imports' ? bulk : other)(req, res, next);
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    store,
    tests,
    defaultOwner,
    allowOwnHost = false,
    credentialNames,
    clustersOf,
  } = options;
  const { router, authorize, audited } = createPluginRouter(spec, {
    ...options,
    body: jsonBodies(),
  });
  const announce = createChangeAnnouncer<MachineChangeEvent>(
    options,
    MACHINES_EVENTS_TOPIC,
    'machines',
  );

  /**
   * A machine's default credential is used by everyone who tests the machine
   * or opens a terminal on it, so it must be a shared SSH key or password: a
   * personal one would work for its owner only and refuse everyone else.
   * Checked on the caller's behalf; the 400 names the credential by name.
   */
  async function assertSharedDefault(
    where: string,
    credentialId: string | null,
    credentials: BackstageCredentials,
  ) {
    if (!credentialId || !credentialNames) return;
    let found;
    try {
      found = await credentialNames.get({ credentialId, credentials });
    } catch (error) {
      if (error instanceof VaultRequestError && error.statusCode < 500) {
        throw new InputError(`${where}: defaultCredentialId: ${error.message}`);
      }
      throw new ServiceUnavailableError(
        `${where}: defaultCredentialId: could not ask the vault about the credential; try again later`,
      );
    }
    if (!found) {
      throw new InputError(
        `${where}: defaultCredentialId: the chosen credential is not in the vault, or is another user's personal credential: pick a shared credential`,
      );
    }
    if (found.kind === 'api-token') {
      throw new InputError(
        `${where}: defaultCredentialId: '${found.name}' is an API token, and a machine's default credential is a shared SSH key or password`,
      );
    }
    if (found.scope !== 'shared') {
      throw new InputError(
        `${where}: defaultCredentialId: '${found.name}' is a personal credential, and a machine's default must be a shared one: everyone who tests the machine or opens a terminal on it logs in with it`,
      );
    }
  }

  function toNewMachine(body: unknown): NewMachine {
    const input = parseInput(machineInputSchema, body, 'machine');
    const refusal = allowOwnHost ? undefined : ownHostRefusal(input.ip);
    if (refusal) {
      throw new InputError(`Invalid machine: ${refusal}`);
    }
    return { ...input, owner: input.owner ?? defaultOwner };
  }

  const assertSharedMachineDefault = (
    input: NewMachine,
    credentials: BackstageCredentials,
  ) =>
    assertSharedDefault(
      'Invalid machine',
      input.defaultCredentialId,
      credentials,
    );

  router.get('/machines', async (req, res) => {
    await authorize(req, machineReadPermission);
    res.json(
      await store.listMachines(parseInput(listQuerySchema, req.query, 'query')),
    );
  });

  router.post('/machines', async (req, res) => {
    const { credentials } = await authorize(req, machineCreatePermission);
    const input = toNewMachine(req.body);
    await assertSharedMachineDefault(input, credentials);
    const machine = await audited(
      req,
      'machine-create',
      machineMeta(input),
      () => store.createMachine(input),
    );
    await announce({ type: 'upserted', machines: [machine] });
    res.status(201).json(machine);
  });

  router.post('/machines/lookup', async (req, res) => {
    await authorize(req, machineReadPermission);
    const query = parseInput(lookupRequestSchema, req.body, 'lookup');
    res.json({ items: await store.lookupMachines(query) });
  });

  router.get('/machines/:id', async (req, res) => {
    await authorize(req, machineReadPermission);
    res.json(await store.getMachine(req.params.id));
  });

  router.get('/machines/:id/known-hosts', async (req, res) => {
    await authorize(req, machineReadPermission);
    const machine = await store.getMachine(req.params.id);
    const line = knownHostsLine(machine);
    if (!line) {
      throw new ConflictError(
        machine.hostKeyFingerprint
          ? `${machine.hostname}: only the fingerprint of its host key is kept so far; the next successful connection test keeps the key itself`
          : `${machine.hostname} has no pinned host key yet; run a connection test first`,
      );
    }
    res.type('text/plain').send(`${line}\n`);
  });

  router.put('/machines/:id', async (req, res) => {
    const { credentials } = await authorize(req, machineUpdatePermission);
    const input = toNewMachine(req.body);
    const before = await store.getMachine(req.params.id);
    await assertSharedMachineDefault(input, credentials);
    const machine = await audited(
      req,
      'machine-update',
      { id: req.params.id, ...machineMeta(input) },
      () => store.updateMachine(req.params.id, input),
    );
    if (before.hostname !== machine.hostname || before.ip !== machine.ip) {
      // The entity name follows hostname and IP: the old entity goes away.
      await announce({ type: 'deleted', machines: [before] });
    }
    await announce({ type: 'upserted', machines: [machine] });
    res.json(machine);
  });

  router.delete('/machines/:id', async (req, res) => {
    const { credentials } = await authorize(req, machineDeletePermission);
    const current = await store.getMachine(req.params.id);
    const clusters = clustersOf
      ? await clustersOf(current.ip, credentials)
      : [];
    if (clusters.length > 0) {
      // A cluster would keep a node pointing at nothing: remove it there first.
      throw new ConflictError(
        `${current.hostname} is a node of ${
          clusters.length === 1 ? 'cluster' : 'clusters'
        } ${clusters.join(', ')}: remove it from ${
          clusters.length === 1 ? 'that cluster' : 'those clusters'
        } first`,
      );
    }
    const machine = await audited(
      req,
      'machine-delete',
      { id: req.params.id },
      () => store.deleteMachine(req.params.id),
    );
    await announce({ type: 'deleted', machines: [machine] });
    res.status(204).end();
  });

  router.delete('/machines/:id/host-key', async (req, res) => {
    await authorize(req, machineUpdatePermission);
    const machine = await audited(
      req,
      'machine-host-key-forget',
      { id: req.params.id },
      () => store.setHostKeyFingerprint(req.params.id, null),
    );
    res.json(machine);
  });

  router.post('/bulk-imports', async (req, res) => {
    const { credentials } = await authorize(req, machineCreatePermission);
    const { text, defaultCredentialId } = parseInput(
      bulkImportRequestSchema,
      req.body,
      'bulk import',
    );
    await assertSharedDefault(
      'Invalid bulk import',
      defaultCredentialId,
      credentials,
    );
    const parsed = await parseBulkText(text);
    if (!allowOwnHost) {
      parsed.rows = parsed.rows.filter(row => {
        const reason = ownHostRefusal(row.input.ip);
        if (reason) {
          parsed.rejected.push({ line: row.line, text: row.text, reason });
        }
        return !reason;
      });
    }
    const result = await audited(
      req,
      'machine-bulk-import',
      {
        lines: parsed.rows.length + parsed.rejected.length,
        defaultCredentialId,
      },
      () =>
        store.createMachines(
          parsed.rows.map(row => ({
            ...row,
            input: { ...row.input, owner: defaultOwner, defaultCredentialId },
          })),
        ),
    );
    await announce({ type: 'upserted', machines: result.created });
    res.json({
      created: result.created,
      ...reportRejects([...parsed.rejected, ...result.rejected]),
    });
  });

  router.get('/groups', async (req, res) => {
    await authorize(req, machineReadPermission);
    res.json({ items: await store.listGroups() });
  });

  router.post('/groups', async (req, res) => {
    await authorize(req, machineUpdatePermission);
    const input = parseInput(groupInputSchema, req.body, 'group');
    const group = await audited(
      req,
      'machine-group-create',
      { name: input.name },
      () => store.createGroup(input),
    );
    res.status(201).json(group);
  });

  router.put('/groups/:id', async (req, res) => {
    await authorize(req, machineUpdatePermission);
    const input = parseInput(groupInputSchema, req.body, 'group');
    const group = await audited(
      req,
      'machine-group-update',
      { id: req.params.id, name: input.name },
      () => store.updateGroup(req.params.id, input),
    );
    await announceGroupMembers(group.name);
    res.json(group);
  });

  router.delete('/groups/:id', async (req, res) => {
    await authorize(req, machineDeletePermission);
    const group = (await store.listGroups()).find(g => g.id === req.params.id);
    if (!group) {
      throw new NotFoundError(`No group with id '${req.params.id}'`);
    }
    const memberIds = await store.getGroupMachineIds(group.name);
    await audited(
      req,
      'machine-group-delete',
      { id: group.id, name: group.name },
      () => store.deleteGroup(group.id),
    );
    await announce({
      type: 'upserted',
      machines: await store.getMachines(memberIds),
    });
    res.status(204).end();
  });

  /** Group names appear on machine entities, so members are republished after a rename. */
  async function announceGroupMembers(groupName: string) {
    const ids = await store.getGroupMachineIds(groupName);
    await announce({
      type: 'upserted',
      machines: await store.getMachines(ids),
    });
  }

  router.get('/tags', async (req, res) => {
    await authorize(req, machineReadPermission);
    res.json({ items: await store.listTags() });
  });

  router.post('/connection-tests', async (req, res) => {
    const { actor, credentials } = await authorize(
      req,
      machineConnectionTestPermission,
    );
    const request = parseInput(
      connectionTestRequestSchema,
      req.body,
      'connection test',
    );
    let machines: Machine[];
    if (request.machineIds) {
      machines = await store.getMachines([...new Set(request.machineIds)]);
      const missing = request.machineIds.filter(
        id => !machines.some(m => m.id === id),
      );
      if (missing.length) {
        throw new NotFoundError(
          `No machine with id ${missing.map(id => `'${id}'`).join(', ')}`,
        );
      }
    } else if (request.group) {
      machines = await store.getMachines(
        await store.getGroupMachineIds(request.group),
      );
    } else {
      machines = await store.getMachines(await store.getAllMachineIds());
    }
    const credentialIds = new Set(
      machines.flatMap(m => loginCredentialId(m, request.credentialId) ?? []),
    );
    const job = await audited(
      req,
      'machine-connection-test',
      {
        machines: machines.length,
        group: request.group ?? null,
        all: request.all ?? false,
        // Which credentials the test logs in with (the one picked, or the machines' defaults).
        credentialId: request.credentialId ?? null,
        credentialIds: [...credentialIds],
      },
      () =>
        tests.start({
          machines,
          request,
          requestedBy: actor,
          credentials,
        }),
    );
    res.status(202).json(job);
  });

  router.get('/connection-tests/:id', async (req, res) => {
    await authorize(req, machineReadPermission);
    res.json(await tests.get(req.params.id));
  });

  router.get('/connection-tests/:id/events', async (req, res) => {
    await authorize(req, machineReadPermission);
    // The spec's typed request is express's underneath, which the stream reads.
    await tests.streamEvents(
      req.params.id,
      req as unknown as express.Request,
      res as unknown as express.Response,
    );
  });

  return router;
}
