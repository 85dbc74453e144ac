import { once } from 'node:events';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  OutboundAddressError,
  OutboundAddressPolicy,
} from './OutboundAddressPolicy';

describe('OutboundAddressPolicy', () => {
  const none = new OutboundAddressPolicy([], 'clusters.apiUrl.allowedNetworks');
  const lab = new OutboundAddressPolicy(
    ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '0.0.0.0/0'],
    'clusters.apiUrl.allowedNetworks',
  );

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://[fd00:ec2::254]/', /cloud metadata address/],
    ['http://[fe80::1]/', /link-local/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata service/],
    ['http://METADATA.GOOGLE.INTERNAL./', /metadata service/],
    ['http://100.100.100.200/', /cloud metadata address/],
    ['http://0.0.0.0:6443/', /unspecified/],
    ['https://[::]:6443/', /unspecified/],
    ['http://[::ffff:169.254.169.254]/', /link-local/],
    ['http://224.0.0.1/', /multicast/],
  ])('never allows %s, whatever the allowlist says', (url, why) => {
    expect(none.checkUrl(url)).toMatch(why);
    expect(lab.checkUrl(url)).toMatch(why);
  });

  it.each([
    ['http://2130706433/', '127.0.0.1', '2130706433'],
    ['http://017700000001/', '127.0.0.1', '017700000001'],
    ['http://0x7f000001/', '127.0.0.1', '0x7f000001'],
    ['http://0x7f.0.0.1:6443/', '127.0.0.1', '0x7f.0.0.1'],
    ['http://127.1/', '127.0.0.1', '127.1'],
    ['http://0251.0376.0251.0376/', '169.254.169.254', '0251.0376.0251.0376'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1', '%31%32%37.0.0.1'],
  ])('refuses the IP address written as %s', (url, canonical, written) => {
    expect(lab.checkUrl(url)).toBe(
      `write the IP address in dotted decimal (${canonical}), not '${written}'`,
    );
  });

  it.each([
    'https://admin:secret@k8s.example.com:6443/',
    'https://token@k8s.example.com/',
    'https://k8s.example.com@127.0.0.1/',
  ])('refuses a user name or password in %s', url => {
    expect(lab.checkUrl(url)).toBe(
      'must not contain a user name or password; the credential is chosen separately',
    );
  });

  it('allows loopback and private addresses only inside the allowed networks', () => {
    expect(none.checkUrl('https://127.0.0.1:6443')).toBe(
      '127.0.0.1 is a loopback address; only networks an admin lists in clusters.apiUrl.allowedNetworks may be used',
    );
    expect(none.checkUrl('https://10.0.0.10:6443')).toMatch(
      /^10\.0\.0\.10 is a private address;/,
    );
    expect(none.checkUrl('https://[::1]:6443')).toMatch(/loopback/);
    expect(none.checkUrl('https://192.168.1.5')).toMatch(/private/);
    expect(none.checkUrl('https://[fd12::5]')).toMatch(/private/);
    expect(none.checkUrl('https://[::ffff:127.0.0.1]')).toMatch(/loopback/);
    expect(none.checkUrl('https://203.0.113.7:6443')).toBeUndefined();
    expect(none.checkUrl('https://k8s.example.com:6443')).toBeUndefined();

    const tenOnly = new OutboundAddressPolicy(['10.1.0.0/16']);
    expect(tenOnly.checkUrl('https://10.1.2.3:6443')).toBeUndefined();
    expect(tenOnly.checkUrl('https://10.2.0.1:6443')).toMatch(/private/);
    expect(lab.checkUrl('https://127.0.0.1:6443')).toBeUndefined();
    expect(lab.checkUrl('https://[::1]:6443')).toBeUndefined();
  });

  it('refuses what is not an http(s) URL', () => {
    expect(lab.checkUrl('ftp://x')).toBe(
      'must be an http(s) URL such as https://10.0.0.10:6443',
    );
    expect(lab.checkUrl('not a url')).toBe(
      'must be an http(s) URL such as https://10.0.0.10:6443',
    );
  });

  it('checks what a host name resolves to', async () => {
    expect(await none.checkResolved('https://localhost:6443/')).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1) is a loopback address/,
    );
    expect(await lab.checkResolved('https://localhost:6443/')).toBeUndefined();
    // A name that does not resolve (yet) is checked again when connecting.
    expect(
      await none.checkResolved('https://no-such-host.invalid/'),
    ).toBeUndefined();
  });

  it('names a bad network in the configuration', () => {
    expect(
      () => new OutboundAddressPolicy(['10.0.0.0/33'], 'clusters.apiUrl.x'),
    ).toThrow(
      "clusters.apiUrl.x[0]: '10.0.0.0/33' is not a network; write a CIDR such as 10.0.0.0/8, 127.0.0.1/32 or fd12::/16",
    );
    expect(() => new OutboundAddressPolicy(['example.com/8'])).toThrow(
      /is not a network/,
    );
  });

  describe('at connect time', () => {
    let server: http.Server;
    let port: number;
    let hits = 0;
    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        hits++;
        res.end('ok');
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise(resolve => server.close(resolve)));

    function get(policy: OutboundAddressPolicy, url: string) {
      return new Promise<number>((resolve, reject) => {
        const request = http.get(
          url,
          { ...policy.connectOptions(url), family: 4 },
          response => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
      });
    }

    it('refuses a name that resolves to a refused address when the socket connects (DNS rebinding)', async () => {
      // The name passed validation earlier; now it resolves to loopback.
      const before = hits;
      const error = await get(none, `http://localhost:${port}/`).catch(e => e);
      expect(error).toBeInstanceOf(OutboundAddressError);
      expect(error.message).toMatch(
        /^localhost resolves to 127\.0\.0\.1 is a loopback address/,
      );
      expect(hits).toBe(before);
      expect(await get(lab, `http://localhost:${port}/`)).toBe(200);
      expect(hits).toBe(before + 1);
    });

    it('refuses a literal address before connecting', () => {
      expect(() => none.connectOptions(`http://127.0.0.1:${port}/`)).toThrow(
        OutboundAddressError,
      );
    });
  });
});
