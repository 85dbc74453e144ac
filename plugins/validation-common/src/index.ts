/**
 * How every OpsSight API and form words a validation problem: one line per problem,
 * each naming the field (`ip: '1.2.3' is not a valid …`).
 *
 * @packageDocumentation
 */
import { z } from 'zod';

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

/** The message for a string that is not well-formed UTF-16 (a lone surrogate). */
export const MALFORMED_UNICODE = 'contains malformed Unicode';
/** The message for a string holding U+0000, which PostgreSQL cannot store in text. */
export const NUL_CHARACTER = 'contains a NUL character';

// In a `u` regular expression a surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Why `text` cannot be stored as sent, if it cannot. */
export function textProblem(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return MALFORMED_UNICODE;
  if (text.includes('\u0000')) return NUL_CHARACTER;
  return undefined;
}

/** Every string (and object key) of a JSON-like value that cannot be stored as sent. */
export function textProblems(
  value: unknown,
): Array<{ path: (string | number)[]; message: string }> {
  const found: Array<{ path: (string | number)[]; message: string }> = [];
  const walk = (item: unknown, path: (string | number)[]) => {
    if (typeof item === 'string') {
      const message = textProblem(item);
      if (message) found.push({ path, message });
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => walk(element, [...path, i]));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        const keyProblem = textProblem(key);
        if (keyProblem) {
          found.push({ path, message: `a field name ${keyProblem}` });
        } else {
          walk(element, [...path, key]);
        }
      }
    }
  };
  walk(value, []);
  return found;
}

/**
 * `schema`, behind a check that refuses malformed Unicode (a lone UTF-16
 * surrogate, which a database would silently store as U+FFFD) and NUL
 * anywhere in the value: `name: contains malformed Unicode`. access-node's
 * parseInput applies it to every request it parses, so a router needs no
 * refinement of its own.
 */
export function wellFormedText<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const { path, message } of textProblems(value)) {
        ctx.addIssue({ code: 'custom', path, message });
      }
    })
    .pipe(schema);
}

/**
 * The paging of a list's query, worded as every API words it: `limit` from 1
 * to `maxLimit` and `offset` from 0, numbers from the query string. Each is
 * required as given: the caller makes it `.optional()` or gives a `.default()`.
 */
export function pageQuery(maxLimit: number) {
  const whole = () =>
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number');
  const range = `must be between 1 and ${maxLimit}`;
  return {
    limit: whole().min(1, range).max(maxLimit, range),
    offset: whole().min(0, 'must be 0 or more'),
  };
}
