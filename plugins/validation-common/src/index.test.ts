import { z } from 'zod';
import {
  describeIssues,
  issuesByField,
  textProblem,
  unknownKeys,
  wellFormedText,
} from './index';

const schema = z.strictObject(
  {
    ip: z.string().min(1, 'is required'),
    port: z.number({ error: 'must be a number' }),
  },
  { error: unknownKeys() },
);

describe('validation messages', () => {
  it('name each field, and unknown keys by name', () => {
    const error = schema.safeParse({
      ip: '',
      port: 'x',
      colour: 'red',
      size: 1,
    }).error!;
    expect(describeIssues(error)).toBe(
      "ip: is required; port: must be a number; unknown fields 'colour', 'size'",
    );
    expect(issuesByField(error)).toEqual({
      ip: 'is required',
      port: 'must be a number',
      _: "unknown fields 'colour', 'size'",
    });
  });

  it('does not repeat a field already named in the message', () => {
    const s = z.object({
      key: z.string().refine(() => false, 'key: the passphrase is wrong'),
    });
    expect(describeIssues(s.safeParse({ key: 'k' }).error!)).toBe(
      'key: the passphrase is wrong',
    );
  });

  it('words other nouns and a suffix', () => {
    const s = z.strictObject(
      {},
      { error: unknownKeys('filter', ' (see the API docs)') },
    );
    expect(describeIssues(s.safeParse({ a: 1 }).error!)).toBe(
      "unknown filter 'a' (see the API docs)",
    );
  });
});

describe('wellFormedText', () => {
  const snippet = wellFormedText(
    z.strictObject({
      name: z.string().min(1, 'is required'),
      tags: z.array(z.string()).optional(),
      meta: z.record(z.string(), z.string()).optional(),
    }),
  );
  const problems = (value: unknown) => {
    const result = snippet.safeParse(value);
    return result.success ? undefined : describeIssues(result.error);
  };

  it('refuses a lone surrogate anywhere, naming the field', () => {
    expect(problems({ name: '\ud800x' })).toBe(
      'name: contains malformed Unicode',
    );
    expect(problems({ name: 'x\udc00' })).toBe(
      'name: contains malformed Unicode',
    );
    expect(problems({ name: 'ok', tags: ['a', '\udfff'] })).toBe(
      'tags.1: contains malformed Unicode',
    );
    expect(problems({ name: 'ok', meta: { ['\ud83d']: 'v' } })).toBe(
      'meta: a field name contains malformed Unicode',
    );
  });

  it('refuses NUL, which PostgreSQL cannot store in text', () => {
    expect(problems({ name: 'a\u0000b' })).toBe(
      'name: contains a NUL character',
    );
  });

  it('accepts surrogate pairs (emoji, non-BMP text) and passes the value on', () => {
    expect(snippet.parse({ name: 'deploy 🚀 𝔘𝔫𝔦' })).toEqual({
      name: 'deploy 🚀 𝔘𝔫𝔦',
    });
    expect(textProblem('🚀')).toBeUndefined();
    expect(problems({ name: '' })).toBe('name: is required');
  });
});
