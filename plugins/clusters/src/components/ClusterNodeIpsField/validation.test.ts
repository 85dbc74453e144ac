import type { IpLookup } from '@opssight/plugin-clusters-common';
import { clustersApiRef } from '../../api';
import {
  nodeIpListsProblems,
  nodeReviewLines,
  validateClusterNodeIps,
} from './validation';
import { fieldErrors } from '../../__testUtils__/fieldErrors';

const registered = (ip: string, hostname: string): IpLookup => ({
  ip,
  machine: { id: `m-${ip}`, hostname, hostKeyPinned: true },
  clusters: [],
});
const unknown = (ip: string): IpLookup => ({ ip, machine: null, clusters: [] });

async function validate(
  value: Parameters<typeof validateClusterNodeIps>[0],
  lookups: IpLookup[] = [],
) {
  const lookupIps = jest.fn(async (ips: string[]) =>
    ips.map(ip => lookups.find(l => l.ip === ip) ?? unknown(ip)),
  );
  const summary = await fieldErrors(validateClusterNodeIps, value, [
    [clustersApiRef, { lookupIps }],
  ]);
  // The field shows each problem at its entry; the form gets one line.
  const errors = await nodeIpListsProblems(value, lookupIps);
  expect(summary).toEqual(
    errors.length === 0
      ? []
      : [
          errors.length === 1
            ? 'has a problem: see the entry marked in red below'
            : `has ${errors.length} problems: see the entries marked in red below`,
        ],
  );
  return { errors, lookupIps };
}

describe('validateClusterNodeIps', () => {
  it('passes registered nodes and IPs to register under a valid host name', async () => {
    const { errors, lookupIps } = await validate(
      {
        masters: ['10.0.0.1'],
        workers: ['10.0.0.2'],
        register: [{ ip: '10.0.0.2', hostname: 'node-2' }],
      },
      [registered('10.0.0.1', 'node-1')],
    );
    expect(errors).toEqual([]);
    expect(lookupIps).toHaveBeenCalledWith(['10.0.0.1', '10.0.0.2']);
  });

  it('names each bad entry, duplicate and a missing master', async () => {
    expect(
      (
        await validate(
          {
            masters: ['10.0.0.1', 'nope'],
            workers: ['10.0.0.1', ''],
            register: [],
          },
          [registered('10.0.0.1', 'node-1')],
        )
      ).errors,
    ).toEqual([
      "master 2: 'nope' is not a valid IPv4 or IPv6 address",
      'worker 1: 10.0.0.1 is already listed as master 1',
      'worker 2: is empty',
    ]);
    expect(
      (await validate({ masters: [], workers: [], register: [] })).errors,
    ).toEqual(['masters: at least one master is required']);
    expect((await validate(undefined)).errors).toEqual([
      'masters: at least one master is required',
    ]);
  });

  it('blocks unregistered IPs the user chose not to register', async () => {
    const { errors } = await validate(
      { masters: ['10.0.0.1'], workers: ['10.0.0.9'], register: [] },
      [registered('10.0.0.1', 'node-1')],
    );
    expect(errors).toEqual([
      '10.0.0.9 is not a registered machine: register it, or remove it',
    ]);
  });

  it('blocks registrations without a valid host name', async () => {
    const { errors } = await validate({
      masters: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
      workers: [],
      register: [
        { ip: '10.0.0.1', hostname: '' },
        { ip: '10.0.0.2', hostname: 'bad_name!' },
        { ip: '10.0.0.3', hostname: 'node-3' },
      ],
    });
    expect(errors).toEqual([
      '10.0.0.1: enter the host name to register it under',
      "10.0.0.2: 'bad_name!' is not a valid host name to register it under",
    ]);
  });

  it('gives the review step one readable line per node', () => {
    expect(
      nodeReviewLines({
        masters: ['10.0.0.1', '10.0.0.2'],
        workers: ['10.0.0.3'],
        register: [
          { ip: '10.0.0.1', hostname: 'web-1' },
          { ip: '10.0.0.3', hostname: 'db-1' },
        ],
      }),
    ).toEqual({
      mastersReview: ['10.0.0.1 (new: web-1)', '10.0.0.2'],
      workersReview: ['10.0.0.3 (new: db-1)'],
    });
  });

  it('says so when the registry cannot be asked', async () => {
    const lookupIps = async () => {
      throw new Error('backend down');
    };
    expect(
      await fieldErrors(
        validateClusterNodeIps,
        { masters: ['10.0.0.1'], workers: [], register: [] },
        [[clustersApiRef, { lookupIps }]],
      ),
    ).toContain('has a problem: see the entry marked in red below');
    expect(
      await nodeIpListsProblems(
        { masters: ['10.0.0.1'], workers: [], register: [] },
        lookupIps,
      ),
    ).toEqual([
      'Could not check the IPs against the machine registry: backend down',
    ]);
  });
});
