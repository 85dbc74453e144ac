import { noSshUserMessage, sshLoginUser } from './sshLogin';

describe('sshLoginUser', () => {
  it("takes the machine's SSH user first, then the credential's username", () => {
    expect(sshLoginUser({ sshUser: 'ubuntu' }, 'deploy')).toBe('ubuntu');
    expect(sshLoginUser({ sshUser: 'ubuntu' }, '')).toBe('ubuntu');
    expect(sshLoginUser({ sshUser: '' }, 'deploy')).toBe('deploy');
    expect(sshLoginUser({ sshUser: null }, 'deploy')).toBe('deploy');
    expect(sshLoginUser({}, 'deploy')).toBe('deploy');
  });

  it('finds nobody when neither names a user, and the message names both', () => {
    expect(sshLoginUser({ sshUser: '' }, '')).toBeUndefined();
    expect(sshLoginUser({}, undefined)).toBeUndefined();
    expect(noSshUserMessage({ hostname: 'web-1' }, 'lab key')).toBe(
      "web-1 has no SSH user and credential 'lab key' has no username, so there is nobody to log in as: set the SSH user on the machine, or a username on the credential",
    );
    expect(noSshUserMessage({ hostname: 'web-1' })).toMatch(
      /^web-1 has no SSH user and the credential has no username/,
    );
  });
});
