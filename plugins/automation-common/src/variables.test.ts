import { parseVariables, variableNameProblem } from './variables';

describe('parseVariables', () => {
  it('reads a YAML or JSON mapping; empty text is no variables', () => {
    expect(
      parseVariables('app_version: "1.2"\nreplicas: 3\nflags: [a, b]\n'),
    ).toEqual({
      vars: { app_version: '1.2', replicas: 3, flags: ['a', 'b'] },
    });
    expect(parseVariables('{"a": {"b": true}}')).toEqual({
      vars: { a: { b: true } },
    });
    expect(parseVariables('  \n')).toEqual({ vars: {} });
    expect(parseVariables('# only a comment\n')).toEqual({ vars: {} });
  });

  it.each([
    ['a: [unclosed\n', /^extraVars: .* \(line \d+\)$/],
    [
      '- a\n- b\n',
      /^extraVars: must be a mapping of variable names to values$/,
    ],
    ['just text', /^extraVars: must be a mapping of variable names to values$/],
    [
      '1bad: x\n',
      /^extraVars\.1bad: a variable name is letters, digits and _, not starting with a digit$/,
    ],
    [
      'ansible_host: 8.8.8.8\n',
      /^extraVars\.ansible_host: ansible_host is set by OpsSight from the machine registry and the vault$/,
    ],
    [
      'ansible_ssh_common_args: "-o StrictHostKeyChecking=no"\n',
      /^extraVars\.ansible_ssh_common_args: /,
    ],
    ['ansible_connection: local\n', /^extraVars\.ansible_connection: /],
    ['note: "bad \\ud800"\n', /^extraVars\.note: contains malformed Unicode$/],
  ])('refuses %j, naming the field', (text, problem) => {
    const result = parseVariables(text);
    expect('problem' in result && result.problem).toMatch(problem);
  });

  it('does not turn YAML tags into code or dates', () => {
    expect(parseVariables('when: 2026-01-01\n')).toEqual({
      vars: { when: '2026-01-01' },
    });
    expect(
      'problem' in parseVariables('x: !!js/function "function(){}"\n'),
    ).toBe(true);
  });

  it('allows the ansible_ variables that do not decide where to connect', () => {
    expect(variableNameProblem('ansible_python_interpreter')).toBeUndefined();
    expect(variableNameProblem('ansible_become_user')).toBeUndefined();
    expect(variableNameProblem('ansible_become_password')).toMatch(
      /is set by OpsSight/,
    );
  });
});
