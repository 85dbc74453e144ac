import { urlWithoutSecrets, withoutSecrets } from './redact';

describe('withoutSecrets', () => {
  it('drops secret-named keys at any depth, whatever their case', () => {
    expect(
      withoutSecrets({
        username: 'ada',
        password: 'hunter2',
        newPassword: 'x',
        credential: {
          name: 'prod-ssh',
          privateKey: '-----BEGIN',
          PRIVATE_KEY: 'x',
          passphrase: 'x',
        },
        headers: [{ Authorization: 'Bearer x', accept: 'json' }],
        clientSecret: 'x',
        apiKey: 'x',
        ACCESS_TOKEN: 'x',
        cookie: 'x',
        count: 3,
        nothing: null,
      }),
    ).toEqual({
      username: 'ada',
      credential: { name: 'prod-ssh' },
      headers: [{ accept: 'json' }],
      count: 3,
      nothing: null,
    });
  });
});

describe('urlWithoutSecrets', () => {
  it('drops secret-named query parameters and keeps the rest', () => {
    expect(urlWithoutSecrets('/api/x/y?token=abc&page=2&Password=p')).toBe(
      '/api/x/y?page=2',
    );
    expect(urlWithoutSecrets('/api/x/y?access_token=abc')).toBe('/api/x/y');
    expect(urlWithoutSecrets('/api/x/y')).toBe('/api/x/y');
  });
});
