import {
  ClusterApiHealth,
  ClusterHealth,
  ClusterNode,
  HealthState,
} from '@opssight/plugin-clusters-common';

/**
 * A cluster's health from its latest check, as clusters-common defines the
 * states: `unhealthy` when no master answers over SSH or the API is not
 * ready, `healthy` when every node answers and (with an API) is Ready without
 * pressure, `degraded` in between, `unknown` before the first check.
 */
export function clusterHealth(input: {
  nodes: ClusterNode[];
  /** The latest API check; null when the cluster has no API configured. */
  api: ClusterApiHealth | null;
  checkedAt: string | null;
}): ClusterHealth {
  const { nodes, api, checkedAt } = input;
  const total = nodes.length;
  if (!checkedAt) {
    return {
      state: 'unknown',
      summary: 'Not checked yet',
      checkedAt: null,
      ssh: { total, reachable: 0 },
      api: null,
    };
  }
  const reachable = nodes.filter(n => n.lastSshCheck?.sshOk).length;
  const masterAnswers = nodes.some(
    n => n.role === 'master' && n.lastSshCheck?.sshOk,
  );
  const parts = [`${reachable}/${total} nodes reachable`];
  let kubeHealthy = true;
  if (api) {
    parts.push(api.ready ? 'API ready' : 'API not ready');
    const ready = nodes.filter(n => n.kube?.ready).length;
    const underPressure = nodes.filter(n => n.kube?.pressure.length).length;
    if (api.ready) {
      parts.push(`${ready}/${total} Ready`);
      if (underPressure) parts.push(`${underPressure} under pressure`);
    }
    kubeHealthy = api.ready && ready === total && underPressure === 0;
  }
  let state: HealthState;
  if (!masterAnswers || (api && !api.ready)) {
    state = 'unhealthy';
  } else if (reachable === total && kubeHealthy) {
    state = 'healthy';
  } else {
    state = 'degraded';
  }
  return {
    state,
    summary: parts.join(' · '),
    checkedAt,
    ssh: { total, reachable },
    api,
  };
}
