import { mockServices } from '@backstage/backend-test-utils';
import { ALICE, runAction } from '../__testUtils__/actionContext';
import { FakeOpsSight } from '../__testUtils__/FakeOpsSight';
import { DefaultMachinesService } from '@opssight/plugin-machines-node';
import { createRegisterMachinesAction } from './registerMachines';

describe('opssight:machines:register', () => {
  let fake: FakeOpsSight;
  let action: ReturnType<typeof createRegisterMachinesAction>;

  beforeEach(async () => {
    fake = await FakeOpsSight.start();
    action = createRegisterMachinesAction({
      machines: DefaultMachinesService.create({
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        discovery: fake.discovery,
      }),
    });
  });
  afterEach(() => fake.stop());

  it('registers only the machines not registered yet, as the user running the template', async () => {
    const existing = fake.addMachine('10.1.0.1', 'kube-1');
    const { error, outputs, logs } = await runAction(action, {
      machines: [
        { ip: '10.1.0.1', hostname: 'kube-1' },
        { ip: '10.1.0.2', hostname: 'Kube-2' },
        { ip: '10.1.0.3', hostname: 'kube-3' },
      ],
      owner: 'group:default/team-a',
      groups: ['kube'],
    });

    expect(error).toBeUndefined();
    const created = fake.machines.filter(m => m.id !== existing.id);
    expect(created.map(m => [m.ip, m.hostname, m.owner, m.groups])).toEqual([
      ['10.1.0.2', 'kube-2', 'group:default/team-a', ['kube']],
      ['10.1.0.3', 'kube-3', 'group:default/team-a', ['kube']],
    ]);
    expect(outputs).toEqual({
      registered: created.map(m => ({
        id: m.id,
        ip: m.ip,
        hostname: m.hostname,
      })),
      skipped: ['10.1.0.1'],
    });
    // Every call carried an on-behalf-of token for the initiator, targeted at the machines plugin.
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(
      fake.requests.every(r => r.user === ALICE && r.pluginId === 'machines'),
    ).toBe(true);
    expect(fake.writes()).toHaveLength(2);
    expect(logs).toEqual(
      expect.arrayContaining([
        'info: 10.1.0.1 is already registered as kube-1; skipped',
        'info: Registering kube-2 (10.1.0.2)',
        `info: Registered kube-2 (10.1.0.2) as machine ${created[0].id}`,
        'info: 2 registered, 1 already registered',
      ]),
    );
  });

  it('matches IPs in their canonical form and does nothing for an empty list', async () => {
    fake.addMachine('fd00::1', 'v6-host');
    const { error, outputs } = await runAction(action, {
      machines: [{ ip: 'fd00:0:0:0:0:0:0:1', hostname: 'v6-host' }],
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({ registered: [], skipped: ['fd00::1'] });

    const empty = await runAction(action, {});
    expect(empty.outputs).toEqual({ registered: [], skipped: [] });
    expect(fake.writes()).toHaveLength(0);
  });

  it('checks every entry before registering any, naming the field', async () => {
    const { error } = await runAction(action, {
      machines: [
        { ip: '10.1.0.2', hostname: 'kube-2' },
        { ip: '10.1.0.300', hostname: 'kube_3' },
        { ip: '10.1.0.2', hostname: 'again' },
      ],
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      "machines.1.ip: '10.1.0.300' is not a valid IPv4 or IPv6 address; " +
        "machines.1.hostname: 'kube_3' is not a valid host name (RFC 1123: letters, digits and hyphens in dot-separated labels of at most 63 characters); " +
        'machines.2.ip: 10.1.0.2 is already listed as machines.0',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("surfaces the API's refusal with its message", async () => {
    fake.viewers.add('user:default/vic');
    const { error } = await runAction(
      action,
      { machines: [{ ip: '10.1.0.2', hostname: 'kube-2' }] },
      { user: 'user:default/vic' },
    );
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      'Could not register kube-2 (10.1.0.2): You are not allowed to perform opssight.machines.create',
    );
    expect(fake.writes()).toHaveLength(1);
  });

  it('says which machines it registered before a failure (a retry skips them)', async () => {
    fake.failingIps.add('10.1.0.3');
    const { error } = await runAction(action, {
      machines: [
        { ip: '10.1.0.2', hostname: 'kube-2' },
        { ip: '10.1.0.3', hostname: 'kube-3' },
      ],
    });
    expect(error?.name).toBe('ServiceUnavailableError');
    expect(error?.message).toBe(
      'Could not register kube-3 (10.1.0.3): The machines API answered HTTP 500: database is locked (registered before this: 10.1.0.2)',
    );

    fake.failingIps.clear();
    const retry = await runAction(action, {
      machines: [
        { ip: '10.1.0.2', hostname: 'kube-2' },
        { ip: '10.1.0.3', hostname: 'kube-3' },
      ],
    });
    expect(retry.outputs).toMatchObject({
      registered: [{ ip: '10.1.0.3' }],
      skipped: ['10.1.0.2'],
    });
  });

  it('skips an IP registered by someone else between the lookup and the write (409)', async () => {
    fake.addMachine('10.1.0.5', 'raced');
    fake.hiddenFromLookup.add('10.1.0.5');
    const { error, outputs, logs } = await runAction(action, {
      machines: [{ ip: '10.1.0.5', hostname: 'kube-5' }],
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({ registered: [], skipped: ['10.1.0.5'] });
    expect(logs.join('\n')).toContain(
      "10.1.0.5 was registered meanwhile (ip: 10.1.0.5 is already used by machine 'raced'",
    );
  });

  it('writes nothing in a dry run, but says what it would do', async () => {
    fake.addMachine('10.1.0.1', 'kube-1');
    const { error, outputs, logs } = await runAction(
      action,
      {
        machines: [
          { ip: '10.1.0.1', hostname: 'kube-1' },
          { ip: '10.1.0.2', hostname: 'kube-2' },
        ],
      },
      { isDryRun: true },
    );
    expect(error).toBeUndefined();
    expect(fake.writes()).toHaveLength(0);
    expect(fake.machines).toHaveLength(1);
    expect(outputs).toEqual({ registered: [], skipped: ['10.1.0.1'] });
    expect(logs).toContain('info: Dry run: would register kube-2 (10.1.0.2)');
  });
});
