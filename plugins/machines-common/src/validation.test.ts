import {
  connectionTestRequestSchema,
  describeIssues,
  groupInputSchema,
  isValidHostname,
  machineInputSchema,
  normalizeIp,
} from './validation';
import { machineEntityName } from './entity';

describe('normalizeIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    [' 127.0.1.5 ', '127.0.1.5'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it.each([
    '',
    '1.2.3',
    '256.1.1.1',
    '010.0.0.1',
    '1.2.3.4.5',
    'host',
    '::g',
    '1::2::3',
  ])('rejects %s', input => {
    expect(normalizeIp(input)).toBeUndefined();
  });
});

describe('isValidHostname', () => {
  it.each(['web-1', 'db01.prod.example.com', 'a', '1host', 'x'.repeat(63)])(
    'accepts %s',
    h => expect(isValidHostname(h)).toBe(true),
  );
  it.each([
    '',
    '-web',
    'web-',
    'under_score',
    'a..b',
    'x'.repeat(64),
    'sp ace',
  ])('rejects %s', h => expect(isValidHostname(h)).toBe(false));
});

describe('machineInputSchema', () => {
  it('fills defaults and normalises', () => {
    const parsed = machineInputSchema.parse({ ip: '::0:1', hostname: 'Web-1' });
    expect(parsed).toEqual({
      ip: '::1',
      hostname: 'web-1',
      application: '',
      sshPort: 22,
      sshUser: '',
      description: '',
      groups: [],
      tags: [],
      defaultCredentialId: null,
    });
  });

  it('takes a vault credential id as the default credential', () => {
    const id = '6f1c1a2e-0000-4000-8000-000000000000';
    expect(
      machineInputSchema.parse({
        ip: '10.0.0.1',
        hostname: 'a',
        defaultCredentialId: id,
      }).defaultCredentialId,
    ).toBe(id);
    expect(
      describeIssues(
        machineInputSchema.safeParse({
          ip: '10.0.0.1',
          hostname: 'a',
          defaultCredentialId: 'deploy key',
        }).error!,
      ),
    ).toBe('defaultCredentialId: must be a credential id (a UUID)');
  });

  it('names each bad field', () => {
    const result = machineInputSchema.safeParse({
      ip: '1.2.3',
      hostname: 'bad_host',
      sshPort: 70000,
      colour: 'red',
    });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!);
    expect(message).toContain(
      "ip: '1.2.3' is not a valid IPv4 or IPv6 address",
    );
    expect(message).toContain("hostname: 'bad_host' is not a valid host name");
    expect(message).toContain('sshPort: must be between 1 and 65535');
    expect(message).toContain("unknown field 'colour'");
  });

  it('reports missing fields', () => {
    const result = machineInputSchema.safeParse({});
    expect(describeIssues(result.error!)).toMatch(
      /ip: is required.*hostname: is required/,
    );
  });

  it('rejects bad group and tag names', () => {
    const result = machineInputSchema.safeParse({
      ip: '10.0.0.1',
      hostname: 'a',
      groups: ['ok', 'not ok'],
    });
    expect(describeIssues(result.error!)).toMatch(
      /^groups\.1: each group must be/,
    );
  });
});

describe('groupInputSchema', () => {
  it('requires a name', () => {
    expect(describeIssues(groupInputSchema.safeParse({}).error!)).toMatch(
      /^name: /,
    );
  });
});

describe('connectionTestRequestSchema', () => {
  it('takes exactly one selector', () => {
    expect(connectionTestRequestSchema.safeParse({ all: true }).success).toBe(
      true,
    );
    expect(connectionTestRequestSchema.safeParse({ group: 'db' }).success).toBe(
      true,
    );
    expect(connectionTestRequestSchema.safeParse({}).success).toBe(false);
    expect(
      describeIssues(
        connectionTestRequestSchema.safeParse({ all: true, group: 'x' }).error!,
      ),
    ).toContain("exactly one of 'machineIds', 'group' or 'all'");
    expect(
      describeIssues(
        connectionTestRequestSchema.safeParse({ machineIds: ['nope'] }).error!,
      ),
    ).toContain('machineIds.0: must be a machine id');
  });

  it('takes an optional credential to log in with', () => {
    expect(
      connectionTestRequestSchema.safeParse({
        all: true,
        credentialId: '6f1c1a2e-0000-4000-8000-000000000000',
      }).success,
    ).toBe(true);
    expect(
      connectionTestRequestSchema.safeParse({ all: true, credentialId: null })
        .success,
    ).toBe(true);
    expect(
      describeIssues(
        connectionTestRequestSchema.safeParse({ all: true, credentialId: 'x' })
          .error!,
      ),
    ).toBe('credentialId: must be a credential id (a UUID)');
  });
});

describe('machineEntityName', () => {
  it('is a valid, unique-by-IP entity name', () => {
    expect(machineEntityName({ hostname: 'web.prod', ip: '10.0.0.1' })).toBe(
      'web-prod--10-0-0-1',
    );
    expect(machineEntityName({ hostname: 'web', ip: 'fe80::1' })).toBe(
      'web--fe80-1',
    );
    expect(
      machineEntityName({ hostname: 'x'.repeat(63), ip: '10.0.0.1' }).length,
    ).toBeLessThanOrEqual(63);
  });
});
