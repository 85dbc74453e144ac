import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuditEntry,
  AuditJsonValue,
  AuditTarget,
  AuditTargetKind,
} from '@opssight/plugin-audit-common';

type Meta = { [key in string]?: AuditJsonValue };

const metaOf = (entry: AuditEntry | null | undefined): Meta => {
  const meta = entry?.details?.meta;
  return meta && typeof meta === 'object' && !Array.isArray(meta)
    ? (meta as Meta)
    : {};
};

const text = (value: AuditJsonValue | undefined): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

/** What kind of thing an action of a plugin is done to, and which meta key holds its id. */
function kindOf(
  plugin: string,
  action: string,
): { kind: AuditTargetKind; idKey: string } | undefined {
  if (action.startsWith('machine-group-')) {
    return { kind: 'machine-group', idKey: 'id' };
  }
  if (/^machine-(create|update|delete|host-key-forget)$/.test(action)) {
    return { kind: 'machine', idKey: 'id' };
  }
  if (action.startsWith('credential-')) {
    return { kind: 'credential', idKey: 'id' };
  }
  if (action.startsWith('cluster-')) {
    return { kind: 'cluster', idKey: 'id' };
  }
  if (action === 'bulk-run-rerun') return { kind: 'run', idKey: 'rerunOf' };
  if (action.startsWith('bulk-run-')) return { kind: 'run', idKey: 'id' };
  if (action.startsWith('snippet-')) return { kind: 'snippet', idKey: 'id' };
  if (action === 'terminal-session') {
    return { kind: 'recording', idKey: 'sessionId' };
  }
  if (action === 'terminal-session-request') {
    return { kind: 'machine', idKey: 'machineId' };
  }
  if (plugin === 'access' || action === 'sign-in' || action === 'sign-out') {
    return { kind: 'user', idKey: 'target' };
  }
  return undefined;
}

/** The name a meta carries for a thing of this kind. */
function nameIn(kind: AuditTargetKind, meta: Meta): string | undefined {
  switch (kind) {
    case 'machine': {
      if (text(meta.machine)) return text(meta.machine);
      const hostname = text(meta.hostname);
      const ip = text(meta.ip);
      if (hostname && ip) return `${hostname} (${ip})`;
      return hostname ?? ip;
    }
    case 'recording':
      return text(meta.machine) ? `session on ${meta.machine}` : undefined;
    case 'user':
      return text(meta.username);
    default:
      return text(meta.name);
  }
}

/** The target of an action as people read it, from what its entries carry. */
export function describeTarget(
  start: AuditEntry,
  end: AuditEntry | null,
): AuditTarget | null {
  const meta = { ...metaOf(start), ...metaOf(end) };
  const raw = start.target ?? end?.target ?? null;
  const known = kindOf(start.plugin, start.action);
  if (!known) {
    return raw === null ? null : { text: raw };
  }
  const { kind, idKey } = known;
  let id = text(meta[idKey]);
  let name = nameIn(kind, meta);
  if (kind === 'user') {
    const ref = id ?? raw ?? undefined;
    id = ref?.startsWith('user:') ? ref : undefined;
    if (!id && name) id = `user:default/${name}`;
    name ??= id?.replace(/^user:[^/]*\//, '');
  }
  if (!id && !name) {
    return raw === null ? null : { text: raw };
  }
  return {
    text: raw ?? id ?? name ?? '',
    kind,
    ...(id ? { id } : {}),
    ...(name ? { name } : {}),
  };
}

const ENTITY_ANNOTATIONS: Partial<Record<AuditTargetKind, string>> = {
  // As machines-common's MACHINE_ANNOTATIONS.id and clusters-common's CLUSTER_ANNOTATIONS.id.
  machine: 'opssight.io/machine-id',
  cluster: 'opssight.io/cluster-id',
};

type CatalogEntity = {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    annotations?: Record<string, string>;
  };
};

/**
 * Names (and catalog entities) for targets that carry only an id: first from
 * other entries of the trail about the same thing, then, for machines and
 * clusters that still exist, from the catalog. Best effort: a target that
 * cannot be resolved keeps its text.
 */
export async function resolveTargets(
  targets: Array<AuditTarget | null>,
  deps: {
    entriesAbout: (ids: string[]) => Promise<AuditEntry[]>;
    discovery?: DiscoveryService;
    auth?: AuthService;
    logger?: LoggerService;
  },
): Promise<void> {
  const unnamed = () =>
    targets.filter(
      (t): t is AuditTarget & { id: string } => !!t?.id && !t.name && !!t.kind,
    );
  const fromTrail = unnamed();
  if (fromTrail.length) {
    const names = new Map<string, string>();
    for (const entry of await deps.entriesAbout([
      ...new Set(fromTrail.map(t => t.id)),
    ])) {
      const about = describeTarget(entry, null);
      if (about?.id && about.name && !names.has(`${about.kind}:${about.id}`)) {
        names.set(`${about.kind}:${about.id}`, about.name);
      }
    }
    for (const target of fromTrail) {
      const name = names.get(`${target.kind}:${target.id}`);
      if (name) target.name = name;
    }
  }

  const inCatalog = targets.filter(
    (t): t is AuditTarget & { id: string; kind: AuditTargetKind } =>
      !!t?.id && !!t.kind && !!ENTITY_ANNOTATIONS[t.kind],
  );
  if (!inCatalog.length || !deps.discovery || !deps.auth) {
    return;
  }
  try {
    const baseUrl = await deps.discovery.getBaseUrl('catalog');
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: await deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const params = new URLSearchParams();
    for (const t of inCatalog) {
      params.append(
        'filter',
        `metadata.annotations.${ENTITY_ANNOTATIONS[t.kind]}=${t.id}`,
      );
    }
    for (const field of ['kind', 'metadata']) params.append('fields', field);
    params.set('limit', '200');
    const response = await fetch(`${baseUrl}/entities/by-query?${params}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      throw new Error(`catalog answered ${response.status}`);
    }
    const { items } = (await response.json()) as { items: CatalogEntity[] };
    for (const target of inCatalog) {
      const annotation = ENTITY_ANNOTATIONS[target.kind]!;
      const entity = items.find(
        e => e.metadata.annotations?.[annotation] === target.id,
      );
      if (entity) {
        target.entityRef = `${entity.kind.toLocaleLowerCase('en-US')}:${
          entity.metadata.namespace ?? 'default'
        }/${entity.metadata.name}`;
        target.name ??= entity.metadata.title ?? entity.metadata.name;
      }
    }
  } catch (error) {
    deps.logger?.debug(
      `Could not resolve audit targets in the catalog: ${
        (error as Error).message
      }`,
    );
  }
}
