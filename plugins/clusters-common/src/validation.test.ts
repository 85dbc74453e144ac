import { describeIssues } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import {
  checkIpLists,
  clusterNameSchema,
  createClusterSchema,
  diffTopology,
  ipLookupRequestSchema,
  reconfigureClusterSchema,
  topologySchema,
  topologyWarnings,
  updateClusterSchema,
} from './validation';

/** The one-line message the API answers with, or 'ok'. */
function problems(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  return result.success ? 'ok' : describeIssues(result.error);
}

const cluster = (overrides: object = {}) => ({
  name: 'prod-eu-1',
  environment: 'production',
  masters: ['10.0.0.11'],
  ...overrides,
});

describe('cluster names', () => {
  it.each(['prod', 'prod-eu-1', 'a', '1st', 'x'.repeat(63)])(
    'accepts the DNS label %s',
    name => expect(clusterNameSchema.safeParse(name).success).toBe(true),
  );

  it.each([
    ['Prod', 'upper case'],
    ['-prod', 'leading hyphen'],
    ['prod-', 'trailing hyphen'],
    ['prod.eu', 'a dot'],
    ['prod_eu', 'an underscore'],
    ['x'.repeat(64), '64 characters'],
  ])('rejects %s (%s), naming the field', name => {
    expect(problems(createClusterSchema, cluster({ name }))).toBe(
      "name: must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
    );
  });

  it('requires one', () => {
    expect(problems(createClusterSchema, cluster({ name: '  ' }))).toBe(
      'name: is required',
    );
    const { name: _, ...nameless } = cluster();
    expect(problems(createClusterSchema, nameless)).toBe('name: is required');
  });
});

describe('IP lists', () => {
  it('names the second occurrence of an IP, within a list and across lists', () => {
    expect(
      checkIpLists(
        ['10.0.0.11', '10.0.0.12', '10.0.0.11'],
        ['10.0.0.21', '10.0.0.12'],
      ),
    ).toEqual({
      'masters.2': '10.0.0.11 is already listed as master 1',
      'workers.1': '10.0.0.12 is already listed as master 2',
    });
    expect(
      problems(
        createClusterSchema,
        cluster({
          masters: ['10.0.0.11'],
          workers: ['10.0.0.21', '10.0.0.11'],
        }),
      ),
    ).toBe('workers.1: 10.0.0.11 is already listed as master 1');
  });

  it('sees the same address written two ways as a duplicate', () => {
    expect(checkIpLists(['2001:db8::1'], ['2001:DB8:0:0:0:0:0:1'])).toEqual({
      'workers.0': '2001:db8::1 is already listed as master 1',
    });
  });

  it('names empty and malformed entries', () => {
    expect(checkIpLists(['10.0.0.300', ' '], ['web-1'])).toEqual({
      'masters.0': "'10.0.0.300' is not a valid IPv4 or IPv6 address",
      'masters.1': 'is empty',
      'workers.0': "'web-1' is not a valid IPv4 or IPv6 address",
    });
  });

  it('needs at least one master', () => {
    expect(checkIpLists([], ['10.0.0.21'])).toEqual({
      masters: 'at least one master is required',
    });
    expect(
      problems(topologySchema, { masters: [], workers: ['10.0.0.21'] }),
    ).toBe('masters: at least one master is required');
  });

  it('normalizes addresses and defaults workers and the load balancer', () => {
    expect(topologySchema.parse({ masters: [' 10.0.0.11 ', '::0:1'] })).toEqual(
      {
        masters: ['10.0.0.11', '::1'],
        workers: [],
        loadBalancerIp: null,
      },
    );
    expect(
      problems(topologySchema, {
        masters: ['10.0.0.11'],
        loadBalancerIp: 'lb',
      }),
    ).toBe("loadBalancerIp: 'lb' is not a valid IPv4 or IPv6 address");
  });
});

describe('topology warnings', () => {
  it('warns about an even number of masters, and only then', () => {
    expect(topologyWarnings({ masters: ['a'] })).toEqual([]);
    expect(topologyWarnings({ masters: ['a', 'b', 'c'] })).toEqual([]);
    expect(topologyWarnings({ masters: ['a', 'b'] })).toEqual([
      '2 masters: etcd needs a majority, so 2 masters tolerate no more failures than 1; use an odd number (1 or 3)',
    ]);
    expect(topologyWarnings({ masters: ['a', 'b', 'c', 'd'] })[0]).toMatch(
      /^4 masters: .* \(3 or 5\)$/,
    );
  });
});

describe('diffTopology', () => {
  const before = {
    masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
    workers: ['10.0.0.21', '10.0.0.22'],
    loadBalancerIp: null,
  };

  it('is empty for the same topology', () => {
    expect(diffTopology(before, { ...before })).toEqual({
      masters: { added: [], removed: [] },
      workers: { added: [], removed: [] },
      loadBalancer: null,
      empty: true,
    });
  });

  it('reports added and removed nodes, a node moved between roles, and the load balancer', () => {
    const diff = diffTopology(before, {
      // 10.0.0.13 leaves, 10.0.0.21 moves from the workers to the masters.
      masters: ['10.0.0.11', '10.0.0.12', '10.0.0.21'],
      workers: ['10.0.0.22', '10.0.0.23'],
      loadBalancerIp: '10.0.0.5',
    });
    expect(diff).toEqual({
      masters: { added: ['10.0.0.21'], removed: ['10.0.0.13'] },
      workers: { added: ['10.0.0.23'], removed: ['10.0.0.21'] },
      loadBalancer: { from: null, to: '10.0.0.5' },
      empty: false,
    });
  });

  it('sees a load balancer change alone as a change', () => {
    const withLb = { ...before, loadBalancerIp: '10.0.0.5' };
    expect(
      diffTopology(withLb, { ...withLb, loadBalancerIp: '10.0.0.6' }),
    ).toMatchObject({
      loadBalancer: { from: '10.0.0.5', to: '10.0.0.6' },
      empty: false,
    });
    expect(diffTopology(withLb, before).loadBalancer).toEqual({
      from: '10.0.0.5',
      to: null,
    });
  });
});

describe('unknown keys', () => {
  it('are named, in every request schema', () => {
    expect(problems(createClusterSchema, cluster({ colour: 'red' }))).toBe(
      "unknown field 'colour'",
    );
    expect(
      problems(topologySchema, { masters: ['10.0.0.11'], nodes: [], x: 1 }),
    ).toBe("unknown fields 'nodes', 'x'");
    expect(problems(updateClusterSchema, { nodes: ['10.0.0.1'] })).toBe(
      "unknown field 'nodes'",
    );
    expect(problems(updateClusterSchema, { name: 'Renamed' })).toBe(
      "name: must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
    );
    expect(problems(updateClusterSchema, { name: 'renamed' })).toBe('ok');
    expect(
      problems(ipLookupRequestSchema, { ips: ['10.0.0.1'], all: true }),
    ).toBe("unknown field 'all'");
  });
});

describe('createClusterSchema', () => {
  it('fills in defaults', () => {
    expect(createClusterSchema.parse(cluster())).toEqual({
      name: 'prod-eu-1',
      environment: 'production',
      description: '',
      masters: ['10.0.0.11'],
      workers: [],
      loadBalancerIp: null,
      apiUrl: null,
      apiCaData: null,
      apiTokenCredentialId: null,
    });
  });

  it('names every bad field at once', () => {
    expect(
      problems(
        createClusterSchema,
        cluster({
          environment: 'Prod!',
          apiUrl: 'ftp://x',
          apiTokenCredentialId: 'token',
          masters: ['10.0.0.11', '10.0.0.11'],
        }),
      ),
    ).toBe(
      [
        "environment: must be a short name such as 'production': lower-case letters, digits or '-'",
        'apiUrl: must be an http(s) URL such as https://10.0.0.10:6443',
        'apiTokenCredentialId: must be a credential id (a UUID)',
        // The lists are checked together with the rest, not after it.
        'masters.1: 10.0.0.11 is already listed as master 1',
      ].join('; '),
    );
  });
});

describe('updateClusterSchema', () => {
  it('needs at least one field', () => {
    expect(problems(updateClusterSchema, {})).toBe(
      'give at least one field to change',
    );
    expect(updateClusterSchema.parse({ apiUrl: null })).toEqual({
      apiUrl: null,
    });
  });
});

describe('reconfigureClusterSchema', () => {
  it('is the topology, with the updatedAt the user saw', () => {
    expect(
      reconfigureClusterSchema.parse({
        masters: ['10.0.0.11'],
        expectedUpdatedAt: '2026-11-25T10:00:00.000Z',
      }),
    ).toEqual({
      masters: ['10.0.0.11'],
      workers: [],
      loadBalancerIp: null,
      expectedUpdatedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(
      problems(reconfigureClusterSchema, {
        masters: ['10.0.0.11', '10.0.0.11'],
        expectedUpdatedAt: 'yesterday',
      }),
    ).toBe(
      "expectedUpdatedAt: must be the cluster's updatedAt, an ISO 8601 timestamp; masters.1: 10.0.0.11 is already listed as master 1",
    );
    expect(
      problems(reconfigureClusterSchema, {
        masters: ['10.0.0.11', '10.0.0.11'],
      }),
    ).toBe('masters.1: 10.0.0.11 is already listed as master 1');
  });
});
