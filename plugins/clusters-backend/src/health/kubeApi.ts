import { KubeNodeStatus } from '@opssight/plugin-clusters-common';
import {
  OutboundAddressError,
  OutboundAddressPolicy,
} from '@opssight/plugin-network-node';
import http from 'node:http';
import https from 'node:https';

const TIMEOUT_MS = 10_000;
/** A NodeList of a few thousand nodes fits; an endless answer does not. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Conditions that are True when something is wrong with a node. */
export const PRESSURE_CONDITIONS = [
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
  'NetworkUnavailable',
];

export type KubeApiTarget = {
  /** The API server URL, e.g. https://10.0.0.10:6443. */
  apiUrl: string;
  /** CA certificate(s): PEM, or base64 of PEM as in kubeconfig's certificate-authority-data. */
  caData: string | null;
  /** A bearer token. Never logged, never part of a message. */
  token: string;
  /** Which addresses may be connected to, checked again as the socket connects. */
  policy: OutboundAddressPolicy;
};

export class KubeApiError extends Error {}

/** PEM text from what a user pastes: PEM itself, or base64 of it. */
export function caPem(caData: string): string {
  const text = caData.trim();
  if (text.includes('-----BEGIN')) return text;
  return Buffer.from(text, 'base64').toString('utf8');
}

/** GET a path of the API server; resolves to the status and the body text. */
export function kubeGet(
  target: KubeApiTarget,
  path: string,
): Promise<{ status: number; body: string }> {
  // Relative to the URL, which may have a path (a proxy in front of the API).
  const url = new URL(
    path.replace(/^\//, ''),
    target.apiUrl.replace(/\/*$/, '/'),
  );
  const secure = url.protocol === 'https:';
  let connect: ReturnType<OutboundAddressPolicy['connectOptions']>;
  try {
    connect = target.policy.connectOptions(url);
  } catch (error) {
    return Promise.reject(
      new KubeApiError(
        `The API URL is refused: ${(error as OutboundAddressError).message}`,
      ),
    );
  }
  const options: https.RequestOptions = {
    ...connect,
    method: 'GET',
    headers: {
      authorization: `Bearer ${target.token}`,
      accept: 'application/json, text/plain',
    },
    timeout: TIMEOUT_MS,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    ...(secure && target.caData ? { ca: caPem(target.caData) } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, options, response => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          request.destroy(
            new KubeApiError(`${path} answered more than 64 MiB`),
          );
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () =>
      request.destroy(
        new KubeApiError(
          `${path} did not answer within ${TIMEOUT_MS / 1000} s`,
        ),
      ),
    );
    request.on('error', error =>
      reject(
        error instanceof KubeApiError
          ? error
          : new KubeApiError(describeNetworkError(path, error)),
      ),
    );
    request.end();
  });
}

function describeNetworkError(path: string, error: Error): string {
  const code = (error as { code?: string }).code;
  if (error instanceof OutboundAddressError) {
    return `The API URL is refused: ${error.message}`;
  }
  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return `${path} did not answer within ${TIMEOUT_MS / 1000} s`;
  }
  if (
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' ||
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    code === 'CERT_HAS_EXPIRED'
  ) {
    return `TLS: the API server's certificate is not trusted (${code}); set the cluster's CA certificate (apiCaData)`;
  }
  return `${path}: ${code ? `${code} ` : ''}${error.message}`;
}

function statusProblem(path: string, status: number): string {
  if (status === 401) {
    return `${path} answered 401: the API token was not accepted`;
  }
  if (status === 403) {
    return `${path} answered 403: the API token's service account may not read it`;
  }
  if (status >= 500) {
    return `${path} answered HTTP ${status}: the API server is not ready`;
  }
  return `${path} answered HTTP ${status}`;
}

type NodeList = {
  items?: Array<{
    metadata?: { name?: string };
    status?: {
      conditions?: Array<{ type?: string; status?: string }>;
      addresses?: Array<{ type?: string; address?: string }>;
    };
  }>;
};

/** The nodes as /api/v1/nodes describes them. */
export function nodeStatuses(list: NodeList): KubeNodeStatus[] {
  return (list.items ?? []).map(item => {
    const conditions = item.status?.conditions ?? [];
    const isTrue = (type: string) =>
      conditions.some(c => c.type === type && c.status === 'True');
    return {
      name: item.metadata?.name ?? '',
      internalIp:
        item.status?.addresses?.find(a => a.type === 'InternalIP')?.address ??
        null,
      ready: isTrue('Ready'),
      pressure: PRESSURE_CONDITIONS.filter(isTrue),
    };
  });
}

/** `/readyz`, then (when ready) `/api/v1/nodes`: what the API says of the cluster. */
export async function checkKubeApi(target: KubeApiTarget): Promise<{
  ready: boolean;
  message: string | null;
  nodes: KubeNodeStatus[];
}> {
  try {
    const readyz = await kubeGet(target, '/readyz');
    const ready = readyz.status === 200 && readyz.body.trim() === 'ok';
    if (!ready) {
      // Never the answer's body: whatever the URL points at, viewers read this.
      return {
        ready: false,
        message:
          readyz.status === 200
            ? `/readyz answered HTTP 200 without 'ok': not a ready Kubernetes API server`
            : statusProblem('/readyz', readyz.status),
        nodes: [],
      };
    }
    const nodes = await kubeGet(target, '/api/v1/nodes');
    if (nodes.status !== 200) {
      return {
        ready: true,
        message: statusProblem('/api/v1/nodes', nodes.status),
        nodes: [],
      };
    }
    let parsed: NodeList;
    try {
      parsed = JSON.parse(nodes.body);
    } catch {
      return {
        ready: true,
        message: '/api/v1/nodes did not answer with a NodeList',
        nodes: [],
      };
    }
    return { ready: true, message: null, nodes: nodeStatuses(parsed) };
  } catch (error) {
    return {
      ready: false,
      message:
        error instanceof KubeApiError
          ? error.message
          : `The API could not be asked: ${(error as Error).message}`,
      nodes: [],
    };
  }
}
