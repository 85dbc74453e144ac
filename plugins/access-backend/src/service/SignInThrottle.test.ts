import { failureKeys } from './SignInThrottle';

describe('failureKeys', () => {
  it.each([
    ['10.0.0.7', '10.0.0.7'],
    ['::ffff:10.0.0.7', '10.0.0.7'],
    ['2001:db8:1:2::5', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('counts %p as %p', (address, subject) => {
    expect(failureKeys('x', address).address).toEqual({
      kind: 'address',
      subject,
    });
  });

  it('counts the account by the name as typed, folded, whether or not it exists', () => {
    expect(failureKeys('  Alice ', '10.0.0.1').account).toEqual({
      kind: 'account',
      subject: 'alice',
    });
    expect(failureKeys('x'.repeat(500), null).account.subject).toHaveLength(
      128,
    );
  });
});

describe('failureKeys pair', () => {
  it('counts an account from one address apart from the same account elsewhere', () => {
    expect(failureKeys('Alice', '::ffff:10.0.0.1').pair).toEqual({
      kind: 'pair',
      subject: '10.0.0.1 alice',
    });
    expect(failureKeys('alice', '10.0.0.2').pair).not.toEqual(
      failureKeys('alice', '10.0.0.1').pair,
    );
  });
});
