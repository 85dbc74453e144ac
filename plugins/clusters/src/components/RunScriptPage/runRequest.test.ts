import { createHash } from 'node:crypto';
import { buildRunRequest, initialRunForm } from './runRequest';

const CLUSTER = '00000000-0000-4000-8000-0000000000c1';
const CREDENTIAL = '00000000-0000-4000-8000-00000000000a';
const SNIPPET = '00000000-0000-4000-8000-0000000000b1';

describe('buildRunRequest', () => {
  it('runs a script on a cluster role with the defaults', () => {
    const form = {
      ...initialRunForm({ clusterId: CLUSTER, role: 'worker' }),
      script: 'uptime',
      credentialId: CREDENTIAL,
    };
    expect(buildRunRequest(form)).toEqual({
      request: {
        targets: { clusterId: CLUSTER, role: 'worker' },
        script: 'uptime',
        credentialId: CREDENTIAL,
        sudo: false,
        concurrency: 50,
        timeoutSeconds: 60,
      },
    });
  });

  it('sends the script as shown, naming an unchanged snippet with the digest of its text', () => {
    const base = {
      ...initialRunForm({ group: 'web' }),
      snippet: { id: SNIPPET, script: 'df -h' },
      script: 'df -h',
      credentialId: CREDENTIAL,
    };
    expect(buildRunRequest(base).request).toMatchObject({
      targets: { group: 'web' },
      script: 'df -h',
      snippetId: SNIPPET,
      scriptSha256: createHash('sha256').update('df -h').digest('hex'),
    });
    const changed = buildRunRequest({ ...base, script: 'df -h /' }).request;
    expect(changed).toMatchObject({ script: 'df -h /' });
    expect(changed).not.toHaveProperty('snippetId');
    expect(changed).not.toHaveProperty('scriptSha256');
  });

  it('names each problem by field', () => {
    const form = {
      ...initialRunForm(),
      targetKind: 'machines' as const,
      concurrency: '900',
      timeoutSeconds: '',
    };
    expect(buildRunRequest(form).problems).toEqual({
      targets: 'pick at least one machine',
      credentialId: 'choose the credential to log in with',
      script: 'is empty',
      concurrency: 'must be between 1 and 500',
      timeoutSeconds: 'must be a number',
    });
  });
});
