import { makeMachine } from '../../testing/fakes';
import { NO_FILTERS, recordingsQuery, toUserRef } from './RecordingFilters';

describe('recordingsQuery', () => {
  it('asks for one page and nothing else when nothing is set', () => {
    expect(recordingsQuery(NO_FILTERS, 2, 25)).toEqual({
      query: { limit: 25, offset: 50 },
    });
  });

  it('sends the user as an entity ref, the machine by id and times in UTC', () => {
    const from = '2026-03-01T10:00';
    const to = '2026-03-01T12:30';
    expect(
      recordingsQuery(
        { user: ' alice ', machine: makeMachine({ id: 'm7' }), from, to },
        0,
        50,
      ),
    ).toEqual({
      query: {
        user: 'user:default/alice',
        machineId: 'm7',
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        limit: 50,
        offset: 0,
      },
    });
  });

  it('refuses a range that ends before it starts', () => {
    expect(
      recordingsQuery(
        { ...NO_FILTERS, from: '2026-03-02T00:00', to: '2026-03-01T00:00' },
        0,
        25,
      ),
    ).toEqual({ error: { to: 'must be later than From' } });
  });

  it.each([
    ['alice', 'user:default/alice'],
    ['user:default/alice', 'user:default/alice'],
    ['ops/bob', 'user:ops/bob'],
    ['  ', undefined],
  ])('reads %j as %j', (text, ref) => {
    expect(toUserRef(text)).toBe(ref);
  });
});
