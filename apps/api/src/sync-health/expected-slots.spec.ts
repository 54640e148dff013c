import { expectedSlots, latestSlotAtOrBefore, nextSlotAfter } from './expected-slots';

const d = (s: string) => new Date(s);
const iso = (dates: Date[]) => dates.map((x) => x.toISOString());

describe(expectedSlots.name, () => {
  it('lists the slots strictly after `after` and up to `until` inclusive', () => {
    const r = expectedSlots('0 2 * * *', 'UTC', d('2026-11-03T02:00:00Z'), d('2026-11-06T02:00:00Z'), 100);
    expect(iso(r.slots)).toEqual(['2026-11-04T02:00:00.000Z', '2026-11-05T02:00:00.000Z', '2026-11-06T02:00:00.000Z']);
    expect(r.evaluatedUntil).toEqual(d('2026-11-06T02:00:00Z'));
  });

  it('reads the schedule in the flow time zone, across a daylight saving change', () => {
    // 01:30 in New York: EDT (UTC-4) until 1 November 2026, EST (UTC-5) after.
    const r = expectedSlots('30 1 * * *', 'America/New_York', d('2026-10-30T00:00:00Z'), d('2026-11-03T00:00:00Z'), 100);
    expect(iso(r.slots)).toEqual(['2026-10-30T05:30:00.000Z', '2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('is bounded: the rest is left for the next evaluation, which continues after the last slot listed', () => {
    const first = expectedSlots('*/10 * * * *', 'UTC', d('2026-11-03T00:00:00Z'), d('2026-11-03T01:00:00Z'), 4);
    expect(iso(first.slots)).toEqual(['2026-11-03T00:10:00.000Z', '2026-11-03T00:20:00.000Z', '2026-11-03T00:30:00.000Z', '2026-11-03T00:40:00.000Z']);
    expect(first.evaluatedUntil).toEqual(d('2026-11-03T00:40:00Z'));
    const rest = expectedSlots('*/10 * * * *', 'UTC', first.evaluatedUntil, d('2026-11-03T01:00:00Z'), 4);
    expect(iso(rest.slots)).toEqual(['2026-11-03T00:50:00.000Z', '2026-11-03T01:00:00.000Z']);
    expect(rest.evaluatedUntil).toEqual(d('2026-11-03T01:00:00Z'));
  });

  it('exactly `max` slots with nothing after them is complete', () => {
    const r = expectedSlots('0 * * * *', 'UTC', d('2026-11-03T00:00:00Z'), d('2026-11-03T02:30:00Z'), 2);
    expect(r.slots).toHaveLength(2);
    expect(r.evaluatedUntil).toEqual(d('2026-11-03T02:30:00Z'));
  });

  it('nothing to evaluate when until is not after `after`', () => {
    expect(expectedSlots('* * * * *', 'UTC', d('2026-11-03T00:00:00Z'), d('2026-11-03T00:00:00Z'), 10)).toEqual({
      slots: [],
      evaluatedUntil: d('2026-11-03T00:00:00Z'),
    });
    expect(expectedSlots('* * * * *', 'UTC', d('2026-11-03T00:00:00Z'), d('2026-11-02T00:00:00Z'), 10).slots).toEqual([]);
  });

  it('takes six-field schedules with seconds', () => {
    expect(iso(expectedSlots('*/20 * * * * *', 'UTC', d('2026-11-03T00:00:00Z'), d('2026-11-03T00:01:00Z'), 10).slots)).toEqual([
      '2026-11-03T00:00:20.000Z',
      '2026-11-03T00:00:40.000Z',
      '2026-11-03T00:01:00.000Z',
    ]);
  });
});

describe(latestSlotAtOrBefore.name, () => {
  it('includes a slot exactly at the instant', () => {
    expect(latestSlotAtOrBefore('0 2 * * *', 'UTC', d('2026-11-03T02:00:00Z'))).toEqual(d('2026-11-03T02:00:00Z'));
    expect(latestSlotAtOrBefore('0 2 * * *', 'UTC', d('2026-11-03T01:59:59Z'))).toEqual(d('2026-11-02T02:00:00Z'));
  });
});

describe(nextSlotAfter.name, () => {
  it('is strictly after the instant', () => {
    expect(nextSlotAfter('0 2 * * *', 'Europe/Berlin', d('2026-11-03T01:00:00Z'))).toEqual(d('2026-11-04T01:00:00Z'));
  });
});
