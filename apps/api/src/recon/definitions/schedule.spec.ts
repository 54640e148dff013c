import { nextRunAfter } from './schedule';

describe(nextRunAfter.name, () => {
  it('is the next slot of the cron in its time zone', () => {
    expect(nextRunAfter({ cron: '0 2 * * *', timezone: 'UTC' }, new Date('2026-11-20T02:00:00Z'))).toEqual(new Date('2026-11-21T02:00:00Z'));
    expect(nextRunAfter({ cron: '0 2 * * *', timezone: 'Europe/Berlin' }, new Date('2026-11-20T00:00:00Z'))).toEqual(new Date('2026-11-20T01:00:00Z'));
    // Summer time: 02:00 in Berlin is 00:00 UTC; strictly after the slot itself comes the next day's.
    expect(nextRunAfter({ cron: '0 2 * * *', timezone: 'Europe/Berlin' }, new Date('2026-07-20T00:00:00Z'))).toEqual(new Date('2026-07-21T00:00:00Z'));
  });

  it('is null without a schedule', () => {
    expect(nextRunAfter(null, new Date())).toBeNull();
  });
});
