import {
  ClusterApiHealth,
  ClusterNode,
  KubeNodeStatus,
} from '@opssight/plugin-clusters-common';
import { clusterHealth } from './clusterHealth';

const AT = '2026-11-25T10:00:00.000Z';

function node(
  ip: string,
  role: 'master' | 'worker',
  sshOk: boolean | null,
  kube: Partial<KubeNodeStatus> | null = null,
): ClusterNode {
  return {
    ip,
    role,
    machineId: `m-${ip}`,
    hostname: `h-${ip}`,
    hostKeyPinned: true,
    lastSshCheck:
      sshOk === null
        ? null
        : {
            checkedAt: AT,
            reachable: sshOk,
            sshOk,
            latencyMs: sshOk ? 1 : null,
            errorKind: sshOk ? null : 'refused',
            message: sshOk ? null : 'refused',
          },
    kube: kube
      ? { name: ip, internalIp: ip, ready: true, pressure: [], ...kube }
      : null,
  };
}

const api = (ready: boolean): ClusterApiHealth => ({
  checkedAt: AT,
  ready,
  message: ready
    ? null
    : '/readyz answered 401: the API token was not accepted',
  nodes: [],
});

/** The health of a cluster of `nodes`, its API as `apiHealth`, checked at `checkedAt`. */
const healthOf = (
  nodes: ClusterNode[],
  apiHealth: ClusterApiHealth | null = null,
  checkedAt: string | null = AT,
) => clusterHealth({ nodes, api: apiHealth, checkedAt });

describe('clusterHealth', () => {
  it('is unknown before the first check', () => {
    expect(healthOf([node('a', 'master', null)], null, null)).toEqual({
      state: 'unknown',
      summary: 'Not checked yet',
      checkedAt: null,
      ssh: { total: 1, reachable: 0 },
      api: null,
    });
  });

  it('is healthy when every node answers, without an API', () => {
    expect(
      healthOf([node('a', 'master', true), node('b', 'worker', true)]),
    ).toMatchObject({
      state: 'healthy',
      summary: '2/2 nodes reachable',
      ssh: { total: 2, reachable: 2 },
    });
  });

  it('is healthy with an API when it is ready and every node is Ready without pressure', () => {
    expect(
      healthOf(
        [node('a', 'master', true, {}), node('b', 'worker', true, {})],
        api(true),
      ),
    ).toMatchObject({
      state: 'healthy',
      summary: '2/2 nodes reachable · API ready · 2/2 Ready',
    });
  });

  it.each([
    [
      'a worker does not answer',
      [node('a', 'master', true, {}), node('b', 'worker', false, {})],
      '1/2 nodes reachable · API ready · 2/2 Ready',
    ],
    [
      'a node is not Ready',
      [
        node('a', 'master', true, {}),
        node('b', 'worker', true, { ready: false }),
      ],
      '2/2 nodes reachable · API ready · 1/2 Ready',
    ],
    [
      'a node is under pressure',
      [
        node('a', 'master', true, {}),
        node('b', 'worker', true, { pressure: ['MemoryPressure'] }),
      ],
      '2/2 nodes reachable · API ready · 2/2 Ready · 1 under pressure',
    ],
    [
      'a node is missing from the API',
      [node('a', 'master', true, {}), node('b', 'worker', true, null)],
      '2/2 nodes reachable · API ready · 1/2 Ready',
    ],
    [
      'one of two masters does not answer',
      [node('a', 'master', true, {}), node('b', 'master', false, {})],
      '1/2 nodes reachable · API ready · 2/2 Ready',
    ],
  ])('is degraded when %s', (_, nodes, summary) => {
    expect(healthOf(nodes, api(true))).toMatchObject({
      state: 'degraded',
      summary,
    });
  });

  it('is unhealthy when no master answers, or the API is not ready', () => {
    expect(
      healthOf([node('a', 'master', false), node('b', 'worker', true)]),
    ).toMatchObject({ state: 'unhealthy', summary: '1/2 nodes reachable' });
    expect(
      healthOf(
        [node('a', 'master', true), node('b', 'worker', true)],
        api(false),
      ),
    ).toMatchObject({
      state: 'unhealthy',
      summary: '2/2 nodes reachable · API not ready',
    });
  });
});
