/**
 * How every OpsSight API and form words a validation problem: one line per problem,
 * each naming the field (`ip: '1.2.3' is not a valid …`).
 *
 * @packageDocumentation
 */
import type { z } from 'zod';

/** All problems, `field: message` joined by `; ` (a message that already names its field is kept as is). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      const path = issue.path.map(String).join('.');
      return path && !issue.message.startsWith(`${path}: `)
        ? `${path}: ${issue.message}`
        : issue.message;
    })
    .join('; ');
}

/** Field name → first message, for inline form errors (`_` for the object as a whole). */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_';
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * An error map for `z.strictObject(shape, { error: unknownKeys('field') })` that names
 * the unknown keys: `unknown field 'colour'`, `unknown filters 'a', 'b'`.
 */
export function unknownKeys(noun = 'field', suffix = '') {
  return (issue: { code?: string; keys?: string[] }): string | undefined => {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) return undefined;
    const plural = issue.keys.length > 1 ? 's' : '';
    return `unknown ${noun}${plural} ${issue.keys
      .map(k => `'${k}'`)
      .join(', ')}${suffix}`;
  };
}
