import { destinationRefusal } from './destinations';

const HTTPS_ONLY = { allowInsecureHttp: false };
const DEV = { allowInsecureHttp: true };

describe('destinationRefusal', () => {
  const allows = (allowed: string[], url: string, rules = HTTPS_ONLY) =>
    destinationRefusal(allowed, url, rules) === undefined;

  type Case = [
    allowed: string[],
    url: string,
    sent: boolean,
    rules?: typeof HTTPS_ONLY,
  ];
  const prefix = ['https://k8s.example.com:6443/'];
  const proxied = ['https://proxy.example/k8s/prod'];
  const k8s = ['https://good.example/k8s/'];
  describe.each<[string, Case[]]>([
    [
      'matches a host on any port and path, a host:port on that port only',
      [
        [['good.example'], 'https://good.example:6443/readyz', true],
        [['good.example'], 'https://GOOD.example./api', true],
        [['good.example:6443'], 'https://good.example:6443/', true],
        [['good.example:6443'], 'https://good.example:6444/', false],
        [['good.example:6443'], 'https://good.example/', false],
        [['10.0.0.10'], 'https://10.0.0.10:6443/', true],
        [['[fd12::5]:6443'], 'https://[fd12::5]:6443/', true],
      ],
    ],
    [
      'matches a URL prefix on scheme, host, port and path',
      [
        [prefix, 'https://k8s.example.com:6443/readyz', true],
        [prefix, 'https://k8s.example.com:6443', true],
        [prefix, 'https://k8s.example.com/readyz', false],
        [prefix, 'https://k8s.example.com:6444/readyz', false],
        [prefix, 'http://k8s.example.com:6443/readyz', false, DEV],
        // The default port is the same whether written or not.
        [['https://k8s.example.com/'], 'https://k8s.example.com:443/x', true],
        [proxied, 'https://proxy.example/k8s/prod/readyz', true],
        [proxied, 'https://proxy.example/k8s/prod', true],
        [proxied, 'https://proxy.example/k8s/production', false],
        [proxied, 'https://proxy.example/k8s/', false],
      ],
    ],
    [
      'resolves path traversal before matching a prefix',
      [
        [k8s, 'https://good.example/k8s/../', false],
        [k8s, 'https://good.example/k8s/../admin', false],
        [k8s, 'https://good.example/k8s/%2e%2e/admin', false],
        [k8s, 'https://good.example/k8s/..%2fadmin', false],
        [k8s, 'https://good.example/k8s/a/../readyz', true],
        [['https://good.example/'], 'https://good.example/../', true],
      ],
    ],
  ])('%s', (_what, cases) => {
    // Every row with its rules, so that jest passes no callback in their place.
    const rows = cases.map(
      ([allowed, url, sent, rules = HTTPS_ONLY]) =>
        [allowed, url, sent, rules] as const,
    );
    it.each(rows)('%j, %s: %s', (allowed, url, sent, rules) => {
      expect(allows(allowed, url, rules)).toBe(sent);
    });
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
