import { allowedDestinationsSchema, parseDestination } from './destinations';

describe('allowed destinations', () => {
  it('normalizes hosts and URL prefixes, and drops repeats', () => {
    expect(
      allowedDestinationsSchema.parse([
        ' K8S.Example.com ',
        'k8s.example.com.',
        'k8s.example.com:6443',
        'https://k8s.example.com:443',
        'https://proxy.example/k8s/prod',
        '[FD12::5]:6443',
      ]),
    ).toEqual([
      'k8s.example.com',
      'k8s.example.com:6443',
      'https://k8s.example.com/',
      'https://proxy.example/k8s/prod/',
      '[fd12::5]:6443',
    ]);
  });

  it.each([
    '',
    '*.example.com',
    'https://user:pw@k8s.example.com/',
    'user@k8s.example.com',
    'k8s.example.com/api',
    'https://k8s.example.com/?q=1',
    'ftp://k8s.example.com/',
    'not a host',
    'https://k8s.example.com/k8s%2fprod/',
  ])('refuses %p', text => {
    expect(parseDestination(text)).toBeUndefined();
  });

  it('resolves `..` in a prefix to what it names', () => {
    for (const text of [
      'https://k8s.example.com/api/../',
      'https://k8s.example.com/api/%2e%2e/',
    ]) {
      expect(parseDestination(text)).toEqual({
        type: 'prefix',
        protocol: 'https:',
        host: 'k8s.example.com',
        path: '/',
      });
    }
  });
});
