import { Cluster } from '@opssight/plugin-clusters-common';
import { Machine } from '@opssight/plugin-machines-common';
import yaml from 'js-yaml';

/** The API server port behind the load balancer, as Kubespray's HA docs have it. */
const APISERVER_PORT = 6443;

/** `node-10-0-0-12` for a node whose machine is gone: a valid inventory host name. */
function nameFromIp(ip: string): string {
  return `node-${ip.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/**
 * The cluster as a Kubespray inventory (`inventory/<cluster>/hosts.yaml`):
 * every node under `all.hosts` by its machine's host name, control plane and
 * etcd on the masters (stacked etcd, as in Kubespray's sample inventory), the
 * workers in `kube_node`, or the masters when there are no workers (a
 * control-plane node in `kube_node` also runs workloads), and the external
 * load balancer in `all.vars`.
 */
export function kubesprayInventory(
  cluster: Cluster,
  machines: Map<string, Machine>,
): string {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const hosts: Record<string, Record<string, string | number>> = {};
  for (const node of cluster.nodes) {
    const machine = machines.get(node.ip);
    let name = (machine?.hostname ?? node.hostname ?? nameFromIp(node.ip))
      .toLowerCase()
      .replace(/\.$/, '');
    if (taken.has(name)) {
      // Two machines may share a host name; Ansible's host names must not.
      name = `${name}-${nameFromIp(node.ip).slice('node-'.length)}`;
    }
    taken.add(name);
    names.set(node.ip, name);
    hosts[name] = {
      ansible_host: node.ip,
      ip: node.ip,
      access_ip: node.ip,
      ...(machine?.sshUser ? { ansible_user: machine.sshUser } : {}),
      ...(machine && machine.sshPort !== 22
        ? { ansible_port: machine.sshPort }
        : {}),
    };
  }

  const group = (role: 'master' | 'worker') =>
    Object.fromEntries(
      cluster.nodes
        .filter(n => n.role === role)
        .map(n => [names.get(n.ip)!, null]),
    );
  const masters = group('master');
  const workers = group('worker');

  const inventory = {
    all: {
      hosts,
      ...(cluster.loadBalancerIp
        ? {
            vars: {
              loadbalancer_apiserver: {
                address: cluster.loadBalancerIp,
                port: APISERVER_PORT,
              },
              loadbalancer_apiserver_localhost: false,
            },
          }
        : {}),
      children: {
        kube_control_plane: { hosts: masters },
        kube_node: {
          hosts: Object.keys(workers).length ? workers : masters,
        },
        etcd: { hosts: masters },
        k8s_cluster: {
          children: { kube_control_plane: null, kube_node: null },
        },
        calico_rr: { hosts: {} },
      },
    },
  };

  const header = [
    `# Kubespray inventory of cluster ${cluster.name} (${cluster.environment}), from OpsSight.`,
    `# ${cluster.nodes.length} nodes as of ${cluster.updatedAt}; host names and users come from the machine registry.`,
    `# ansible-playbook -i hosts.yaml --become cluster.yml`,
  ];
  const body = yaml
    .dump(inventory, {
      noRefs: true,
      lineWidth: -1,
      styles: { '!!null': 'empty' },
    })
    .replace(/ +$/gm, '');
  return `${header.join('\n')}\n${body}`;
}
