import { caPem, nodeStatuses } from './kubeApi';

describe('nodeStatuses', () => {
  it('reads Ready, the pressure conditions and the InternalIP of each node', () => {
    expect(
      nodeStatuses({
        items: [
          {
            metadata: { name: 'm1' },
            status: {
              addresses: [
                { type: 'Hostname', address: 'm1' },
                { type: 'InternalIP', address: '10.0.0.11' },
              ],
              conditions: [
                { type: 'MemoryPressure', status: 'False' },
                { type: 'DiskPressure', status: 'True' },
                { type: 'PIDPressure', status: 'False' },
                { type: 'NetworkUnavailable', status: 'True' },
                { type: 'Ready', status: 'True' },
              ],
            },
          },
          {
            metadata: { name: 'w1' },
            status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
          },
          {},
        ],
      }),
    ).toEqual([
      {
        name: 'm1',
        internalIp: '10.0.0.11',
        ready: true,
        pressure: ['DiskPressure', 'NetworkUnavailable'],
      },
      { name: 'w1', internalIp: null, ready: false, pressure: [] },
      { name: '', internalIp: null, ready: false, pressure: [] },
    ]);
    expect(nodeStatuses({})).toEqual([]);
  });
});

describe('caPem', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  it('takes PEM as it is, or base64 of PEM as kubeconfig has it', () => {
    expect(caPem(`  ${pem}\n`)).toBe(pem);
    expect(caPem(Buffer.from(pem).toString('base64'))).toBe(pem);
  });
});
