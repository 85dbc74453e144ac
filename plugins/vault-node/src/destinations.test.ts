import { destinationRefusal } from './destinations';

const HTTPS_ONLY = { allowInsecureHttp: false };
const DEV = { allowInsecureHttp: true };

describe('destinationRefusal', () => {
  const allows = (allowed: string[], url: string, rules = HTTPS_ONLY) =>
    destinationRefusal(allowed, url, rules) === undefined;

  it('matches a host on any port and path, a host:port on that port only', () => {
    expect(allows(['good.example'], 'https://good.example:6443/readyz')).toBe(
      true,
    );
    expect(allows(['good.example'], 'https://GOOD.example./api')).toBe(true);
    expect(allows(['good.example:6443'], 'https://good.example:6443/')).toBe(
      true,
    );
    expect(allows(['good.example:6443'], 'https://good.example:6444/')).toBe(
      false,
    );
    expect(allows(['good.example:6443'], 'https://good.example/')).toBe(false);
    expect(allows(['10.0.0.10'], 'https://10.0.0.10:6443/')).toBe(true);
    expect(allows(['[fd12::5]:6443'], 'https://[fd12::5]:6443/')).toBe(true);
  });

  it('never matches another host that merely starts or ends like an allowed one', () => {
    for (const url of [
      'https://good.example.evil.com/',
      'https://evilgood.example/',
      'https://evil.com/good.example/',
      'https://sub.good.example/',
      'https://good.example@evil.com/',
    ]) {
      expect([url, allows(['good.example'], url)]).toEqual([url, false]);
      expect([url, allows(['https://good.example/'], url)]).toEqual([
        url,
        false,
      ]);
    }
  });

  it('matches a URL prefix on scheme, host, port and path', () => {
    const prefix = ['https://k8s.example.com:6443/'];
    expect(allows(prefix, 'https://k8s.example.com:6443/readyz')).toBe(true);
    expect(allows(prefix, 'https://k8s.example.com:6443')).toBe(true);
    expect(allows(prefix, 'https://k8s.example.com/readyz')).toBe(false);
    expect(allows(prefix, 'https://k8s.example.com:6444/readyz')).toBe(false);
    expect(allows(prefix, 'http://k8s.example.com:6443/readyz', DEV)).toBe(
      false,
    );
    // The default port is the same whether written or not.
    expect(
      allows(['https://k8s.example.com/'], 'https://k8s.example.com:443/x'),
    ).toBe(true);

    const proxied = ['https://proxy.example/k8s/prod'];
    expect(allows(proxied, 'https://proxy.example/k8s/prod/readyz')).toBe(true);
    expect(allows(proxied, 'https://proxy.example/k8s/prod')).toBe(true);
    expect(allows(proxied, 'https://proxy.example/k8s/production')).toBe(false);
    expect(allows(proxied, 'https://proxy.example/k8s/')).toBe(false);
  });

  it('resolves path traversal before matching a prefix', () => {
    const prefix = ['https://good.example/k8s/'];
    expect(allows(prefix, 'https://good.example/k8s/../')).toBe(false);
    expect(allows(prefix, 'https://good.example/k8s/../admin')).toBe(false);
    expect(allows(prefix, 'https://good.example/k8s/%2e%2e/admin')).toBe(false);
    expect(allows(prefix, 'https://good.example/k8s/..%2fadmin')).toBe(false);
    expect(allows(prefix, 'https://good.example/k8s/a/../readyz')).toBe(true);
    expect(allows(['https://good.example/'], 'https://good.example/../')).toBe(
      true,
    );
  });

  it('sends nothing anywhere when unbound, and names the reason', () => {
    expect(destinationRefusal([], 'https://good.example/', HTTPS_ONLY)).toBe(
      'it is bound to no destination, so it is sent nowhere (asked for https://good.example/)',
    );
    expect(
      destinationRefusal(
        ['good.example'],
        'https://evil.example/x',
        HTTPS_ONLY,
      ),
    ).toBe(
      'https://evil.example/x is not one of its allowed destinations (good.example)',
    );
  });

  it('sends over plain http only when the configuration allows it', () => {
    expect(
      destinationRefusal(['good.example'], 'http://good.example/', HTTPS_ONLY),
    ).toBe(
      'secrets are not sent over plain http (vault.destinations.allowInsecureHttp is off); use https',
    );
    expect(allows(['good.example'], 'http://good.example/', DEV)).toBe(true);
    expect(allows(['good.example'], 'ftp://good.example/', DEV)).toBe(false);
  });

  it('refuses a URL with a user name or password', () => {
    expect(
      destinationRefusal(
        ['good.example'],
        'https://u:p@good.example/',
        HTTPS_ONLY,
      ),
    ).toBe('the URL carries a user name or password');
  });
});
