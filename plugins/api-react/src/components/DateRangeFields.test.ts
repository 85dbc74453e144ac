import { dateRangeQuery } from './DateRangeFields';

describe('dateRangeQuery', () => {
  it('sends only the ends that are set, as instants', () => {
    expect(dateRangeQuery({ from: '', to: '' })).toEqual({ range: {} });
    const from = '2026-01-31T11:00';
    expect(dateRangeQuery({ from, to: '' })).toEqual({
      range: { from: new Date(from).toISOString() },
    });
  });

  it('refuses a range whose end is not after its start', () => {
    expect(
      dateRangeQuery({ from: '2026-01-31T11:00', to: '2026-01-31T11:00' }),
    ).toEqual({ error: { to: 'must be later than From' } });
  });
});
