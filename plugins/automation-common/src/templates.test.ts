import { describeIssues } from '@opssight/plugin-validation-common';
import {
  DEFAULT_TEMPLATE_OPTIONS,
  templateInputSchema,
  templateUpdateSchema,
} from './templates';

const ID = '6f1c1a2e-0000-4000-8000-000000000001';
const valid = {
  name: 'Deploy',
  projectId: ID,
  playbook: 'site.yml',
  inventoryId: ID,
  sshCredentialId: ID,
};

const problem = (value: unknown) => {
  const result = templateInputSchema.safeParse(value);
  return result.success ? undefined : describeIssues(result.error);
};

describe('templateInputSchema', () => {
  it('fills in the defaults', () => {
    expect(templateInputSchema.parse(valid)).toEqual({
      ...valid,
      description: '',
      becomeCredentialId: null,
      vaultCredentialId: null,
      extraVars: '',
      options: DEFAULT_TEMPLATE_OPTIONS,
      survey: [],
      oneAtATime: false,
    });
    expect(
      templateInputSchema.parse({ ...valid, options: { verbosity: 2 } })
        .options,
    ).toEqual({ ...DEFAULT_TEMPLATE_OPTIONS, verbosity: 2 });
  });

  it.each([
    [
      { playbook: '../etc/passwd.yml' },
      /^playbook: must be a path inside the project/,
    ],
    [{ playbook: '/site.yml' }, /^playbook: must be a path inside the project/],
    [{ playbook: 'site.sh' }, /^playbook: must be a \.yml or \.yaml file$/],
    [{ projectId: 'p1' }, /^projectId: must be a project id$/],
    [
      { sshCredentialId: undefined },
      /^sshCredentialId: must be a credential id$/,
    ],
    [{ extraVars: 'a: [' }, /^extraVars: .*\(line \d+\)$/],
    [
      { extraVars: 'ansible_host: 1.2.3.4' },
      /^extraVars\.ansible_host: ansible_host is set by OpsSight/,
    ],
    [
      { options: { verbosity: 5 } },
      /^options\.verbosity: must be between 0 and 4$/,
    ],
    [{ options: { forks: 0 } }, /^options\.forks: must be between 1 and 200$/],
    [
      { options: { timeoutSeconds: 5 } },
      /^options\.timeoutSeconds: must be between 10 seconds and 24 hours/,
    ],
    [{ options: { timeoutSeconds: 86_401 } }, /^options\.timeoutSeconds: /],
    [
      { options: { limit: ['--become'] } },
      /^options\.limit\.0: must be one host or group pattern/,
    ],
    [{ options: { tags: ['a b'] } }, /^options\.tags\.0: must be one tag/],
    [
      {
        survey: [
          { type: 'integer', variable: 'n', label: 'N', min: 5, max: 1 },
        ],
      },
      /^survey\.0\.max: must not be below min$/,
    ],
  ])('refuses %j naming the field', (change, message) => {
    expect(problem({ ...valid, ...change })).toMatch(message);
  });

  it('lets an update send only what changes', () => {
    expect(templateUpdateSchema.parse({ becomeCredentialId: null })).toEqual({
      becomeCredentialId: null,
    });
  });
});
