import { textProblems } from '@opssight/plugin-validation-common';
import yaml from 'js-yaml';

/** An Ansible variable name. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * The `ansible_*` variables a template, survey or inventory may set. Every
 * other `ansible_*` variable is refused: they decide where and how Ansible
 * connects (`ansible_host`, `ansible_ssh_common_args`, `ansible_connection`,
 * passwords, key files), which only the machine registry and the vault do.
 */
export const ALLOWED_ANSIBLE_VARIABLES = new Set([
  'ansible_python_interpreter',
  'ansible_become',
  'ansible_become_user',
  'ansible_become_method',
  'ansible_become_flags',
  'ansible_shell_type',
  'ansible_shell_executable',
]);

/** The problem with a variable's name, or undefined. */
export function variableNameProblem(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) {
    return 'a variable name is letters, digits and _, not starting with a digit';
  }
  if (name.startsWith('ansible_') && !ALLOWED_ANSIBLE_VARIABLES.has(name)) {
    return `${name} is set by OpsSight from the machine registry and the vault`;
  }
  return undefined;
}

/** A variable map's first problem as `field.name: problem`, or undefined. */
export function variablesProblem(
  field: string,
  vars: Record<string, unknown>,
): string | undefined {
  for (const name of Object.keys(vars)) {
    const problem = variableNameProblem(name);
    if (problem) return `${field}.${name}: ${problem}`;
  }
  const [text] = textProblems(vars);
  return text
    ? `${[field, ...text.path].join('.')}: ${text.message}`
    : undefined;
}

/**
 * Extra variables as YAML (or JSON) text: a mapping of variable names to
 * values. Resolves to the variables, or to the problem as `field: problem`
 * (with the line for a YAML syntax error).
 */
export function parseVariables(
  text: string,
  field = 'extraVars',
): { vars: Record<string, unknown> } | { problem: string } {
  if (text.trim() === '') return { vars: {} };
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { schema: yaml.CORE_SCHEMA, json: true });
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? 'not valid YAML';
    return {
      problem: `${field}: ${reason}${mark ? ` (line ${mark.line + 1})` : ''}`,
    };
  }
  if (parsed === null || parsed === undefined) return { vars: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      problem: `${field}: must be a mapping of variable names to values`,
    };
  }
  const vars = parsed as Record<string, unknown>;
  const problem = variablesProblem(field, vars);
  return problem ? { problem } : { vars };
}
