import {
  auditEntryQuerySchema,
  auditExportQuerySchema,
  describeAuditQueryIssues,
} from './query';

function problems(input: unknown) {
  const result = auditEntryQuerySchema.safeParse(input);
  return result.success ? undefined : describeAuditQueryIssues(result.error);
}

describe('auditEntryQuerySchema', () => {
  it('applies paging defaults and normalises times to ISO UTC', () => {
    expect(
      auditEntryQuerySchema.parse({
        actor: ' user:default/ada ',
        outcome: 'denied',
        from: '2026-01-31',
        to: '2026-01-31T12:00:00.5+02:00',
      }),
    ).toEqual({
      actor: 'user:default/ada',
      outcome: 'denied',
      from: '2026-01-31T00:00:00.000Z',
      to: '2026-01-31T10:00:00.500Z',
      limit: 100,
      offset: 0,
    });
    expect(auditEntryQuerySchema.parse({ limit: '5', offset: '10' })).toEqual({
      limit: 5,
      offset: 10,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit: must be between 1 and 1000'],
    [{ limit: 'ten' }, 'limit: must be a number'],
    [{ offset: '-1' }, 'offset: must be 0 or more'],
    [{ offset: '1.5' }, 'offset: must be a whole number'],
    [{ outcome: 'won' }, "outcome: 'won' is not one of initiated"],
    [{ from: '2026-02-31' }, "from: '2026-02-31' is not an ISO 8601 date"],
    [{ to: '2026-01-31T12:00:00' }, 'to: '],
    [{ actor: ['a', 'b'] }, 'actor: must be given once, as text'],
    [{ actor: '' }, 'actor: must not be empty'],
    [{ actr: 'x' }, "unknown filter 'actr'"],
    [{ from: '2026-02-01', to: '2026-01-01' }, "to: must be later than 'from'"],
  ])('rejects %j naming the field', (input, message) => {
    expect(problems(input)).toContain(message);
  });

  it('has no paging on the export', () => {
    expect(problems({ limit: '5' })).toBeUndefined();
    const result = auditExportQuerySchema.safeParse({ limit: '5' });
    expect(result.success).toBe(false);
  });
});
