import { Cluster, ClusterNode } from '@opssight/plugin-clusters-common';
import { Machine } from '@opssight/plugin-machines-common';
import { makeMachine } from '@opssight/plugin-machines-node/testing';
import yaml from 'js-yaml';
import { kubesprayInventory } from './inventory';

function node(ip: string, role: 'master' | 'worker'): ClusterNode {
  return {
    ip,
    role,
    machineId: null,
    hostname: null,
    hostKeyPinned: false,
    lastSshCheck: null,
    kube: null,
  };
}

function cluster(
  masters: string[],
  workers: string[],
  loadBalancerIp: string | null = null,
): Cluster {
  return {
    id: 'c1',
    name: 'prod-eu-1',
    description: '',
    environment: 'production',
    owner: 'group:default/platform-team',
    loadBalancerIp,
    apiUrl: null,
    apiCaData: null,
    apiTokenCredentialId: null,
    nodes: [
      ...masters.map(ip => node(ip, 'master')),
      ...workers.map(ip => node(ip, 'worker')),
    ],
    health: {
      state: 'unknown',
      summary: 'Not checked yet',
      checkedAt: null,
      ssh: { total: 0, reachable: 0 },
      api: null,
    },
    createdBy: 'user:default/alice',
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
  };
}

/** The registry's entry for the machine at `ip`. */
function machine(ip: string, hostname: string, extra: Partial<Machine> = {}) {
  return [ip, makeMachine({ id: `m-${ip}`, ip, hostname, ...extra })] as const;
}

const load = (text: string) => yaml.load(text) as any;

describe('kubesprayInventory', () => {
  it('puts masters in the control plane and etcd, workers in kube_node, and the load balancer in vars', () => {
    const text = kubesprayInventory(
      cluster(
        ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
        ['10.0.0.21', '10.0.0.22'],
        '10.0.0.5',
      ),
      new Map([
        machine('10.0.0.11', 'm1', { sshUser: 'ubuntu' }),
        machine('10.0.0.12', 'M2.example.com', { sshPort: 2222 }),
        machine('10.0.0.13', 'm3'),
        machine('10.0.0.21', 'w1', { sshUser: 'ubuntu' }),
        // 10.0.0.22 is not registered any more.
      ]),
    );
    expect(text).toMatch(
      /^# Kubespray inventory of cluster prod-eu-1 \(production\)/,
    );
    expect(load(text)).toEqual({
      all: {
        hosts: {
          m1: {
            ansible_host: '10.0.0.11',
            ip: '10.0.0.11',
            access_ip: '10.0.0.11',
            ansible_user: 'ubuntu',
          },
          'm2.example.com': {
            ansible_host: '10.0.0.12',
            ip: '10.0.0.12',
            access_ip: '10.0.0.12',
            ansible_port: 2222,
          },
          m3: {
            ansible_host: '10.0.0.13',
            ip: '10.0.0.13',
            access_ip: '10.0.0.13',
          },
          w1: {
            ansible_host: '10.0.0.21',
            ip: '10.0.0.21',
            access_ip: '10.0.0.21',
            ansible_user: 'ubuntu',
          },
          'node-10-0-0-22': {
            ansible_host: '10.0.0.22',
            ip: '10.0.0.22',
            access_ip: '10.0.0.22',
          },
        },
        vars: {
          loadbalancer_apiserver: { address: '10.0.0.5', port: 6443 },
          loadbalancer_apiserver_localhost: false,
        },
        children: {
          kube_control_plane: {
            hosts: { m1: null, 'm2.example.com': null, m3: null },
          },
          kube_node: { hosts: { w1: null, 'node-10-0-0-22': null } },
          etcd: { hosts: { m1: null, 'm2.example.com': null, m3: null } },
          k8s_cluster: {
            children: { kube_control_plane: null, kube_node: null },
          },
          calico_rr: { hosts: {} },
        },
      },
    });
    expect(text).not.toMatch(/ +$/m);
  });

  it('lets the masters run workloads when there are no workers, and has no vars without a load balancer', () => {
    const inventory = load(
      kubesprayInventory(
        cluster(['10.0.0.11'], []),
        new Map([machine('10.0.0.11', 'solo')]),
      ),
    );
    expect(inventory.all.vars).toBeUndefined();
    expect(inventory.all.children.kube_control_plane.hosts).toEqual({
      solo: null,
    });
    expect(inventory.all.children.kube_node.hosts).toEqual({ solo: null });
    expect(inventory.all.children.etcd.hosts).toEqual({ solo: null });
  });

  it('keeps host names unique, and IPv6 addresses as text', () => {
    const inventory = load(
      kubesprayInventory(
        cluster(['10.0.0.11', '2001:db8::12'], []),
        new Map([machine('10.0.0.11', 'web'), machine('2001:db8::12', 'web')]),
      ),
    );
    expect(inventory.all.hosts).toEqual({
      web: {
        ansible_host: '10.0.0.11',
        ip: '10.0.0.11',
        access_ip: '10.0.0.11',
      },
      'web-2001-db8-12': {
        ansible_host: '2001:db8::12',
        ip: '2001:db8::12',
        access_ip: '2001:db8::12',
      },
    });
  });
});
