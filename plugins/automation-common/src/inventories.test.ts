import { describeIssues } from '@opssight/plugin-validation-common';
import { inventoryInputSchema, inventoryUpdateSchema } from './inventories';

const problems = (
  schema: typeof inventoryInputSchema | typeof inventoryUpdateSchema,
  value: unknown,
) => {
  const result = schema.safeParse(value);
  return result.success ? undefined : describeIssues(result.error);
};

const registry = { kind: 'registry', groups: ['web'] };

describe('inventoryInputSchema', () => {
  it('fills in the defaults of a registry inventory', () => {
    expect(
      inventoryInputSchema.parse({ name: ' web ', source: registry }),
    ).toEqual({
      name: 'web',
      description: '',
      source: {
        kind: 'registry',
        groups: ['web'],
        tags: [],
        machineIds: [],
        clusterId: null,
      },
      vars: '',
      groupVars: {},
      hostVars: {},
    });
  });

  it.each([
    [{ source: registry }, /^name: is required$/],
    [
      { name: 'x', source: { kind: 'registry' } },
      /^source: choose at least one group, tag, machine or cluster$/,
    ],
    [{ name: 'x', source: { kind: 'files' } }, /^source/],
    [
      { name: 'x', source: { kind: 'static', format: 'toml', text: 'a' } },
      /^source\.format: must be 'yaml' or 'ini'$/,
    ],
    [
      { name: 'x', source: { kind: 'static', format: 'ini', text: ' ' } },
      /^source\.text: must not be empty$/,
    ],
    [{ name: 'x', source: registry, vars: 'a: [' }, /^vars: .*\(line \d+\)$/],
    [
      { name: 'x', source: registry, vars: 'ansible_host: 10.0.0.9' },
      /^vars\.ansible_host: ansible_host is set by OpsSight/,
    ],
    [
      { name: 'x', source: registry, groupVars: { web: 'ansible_port: 2222' } },
      /^groupVars\.web\.ansible_port: /,
    ],
    [
      { name: 'x', source: registry, groupVars: { web: '- a' } },
      /^groupVars\.web: must be a mapping/,
    ],
    [
      { name: 'x', source: registry, groupVars: { 'web-1': 'a: 1' } },
      /^groupVars\.web-1: a group name is/,
    ],
    [
      {
        name: 'x',
        source: registry,
        hostVars: { 'web-1.example.com': 'ansible_user: root' },
      },
      /^hostVars\.web-1\.example\.com\.ansible_user: /,
    ],
    [{ name: 'x', source: registry, colour: 'red' }, /unknown field 'colour'/],
  ])('refuses %j naming the field', (value, message) => {
    expect(problems(inventoryInputSchema, value)).toMatch(message);
  });

  it('lets an update change one field and checks only what it sends', () => {
    expect(inventoryUpdateSchema.parse({ vars: 'http_port: 80' })).toEqual({
      vars: 'http_port: 80',
    });
    expect(
      problems(inventoryUpdateSchema, {
        hostVars: { h: 'ansible_ssh_pass: x' },
      }),
    ).toMatch(/^hostVars\.h\.ansible_ssh_pass: /);
  });
});
