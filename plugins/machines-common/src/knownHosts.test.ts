import { knownHostsLine } from './knownHosts';

describe('knownHostsLine', () => {
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpsSight';

  it('names the host alone on port 22 and in brackets with any other port', () => {
    expect(
      knownHostsLine({ ip: '10.0.0.1', sshPort: 22, hostPublicKey: key }),
    ).toBe(`10.0.0.1 ${key}`);
    expect(
      knownHostsLine({ ip: '10.0.0.1', sshPort: 2222, hostPublicKey: key }),
    ).toBe(`[10.0.0.1]:2222 ${key}`);
    expect(
      knownHostsLine({ ip: 'fd00::1', sshPort: 2222, hostPublicKey: key }),
    ).toBe(`[fd00::1]:2222 ${key}`);
  });

  it('has no line while only the fingerprint is known', () => {
    expect(
      knownHostsLine({ ip: '10.0.0.1', sshPort: 22, hostPublicKey: null }),
    ).toBeUndefined();
  });
});
