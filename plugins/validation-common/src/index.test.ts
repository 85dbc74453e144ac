import { z } from 'zod';
import { describeIssues, issuesByField, unknownKeys } from './index';

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
