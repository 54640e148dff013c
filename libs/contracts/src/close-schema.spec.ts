import { issueDetails } from './validation-issues';
import { closeCalendarBodySchema, closeCalendarSchema, fxRatesDocumentSchema } from './close-schema';

const fields = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : issueDetails(r.error as never).map((d) => `${d.field}: ${d.message}`);
};

describe('closeCalendarBodySchema', () => {
  it('fills defaults and canonicalises zone, workweek, holidays and periods', () => {
    const r = closeCalendarBodySchema.parse({
      timezone: 'europe/berlin',
      workweek: [5, 1, 3, 2, 4],
      holidays: ['2027-01-01', '2026-12-25'],
      deadline: 'WD+5',
      periods: { '2026-12': { deadline: '2027-01-08T18:00:00+01:00' }, '2026-11': { deadline: '2026-12-08T18:00:00+01:00' } },
    });
    expect(r).toEqual({
      timezone: 'Europe/Berlin',
      workweek: [1, 2, 3, 4, 5],
      holidays: ['2026-12-25', '2027-01-01'],
      closeStart: 'WD-2',
      deadline: 'WD+5',
      deadlineTime: '18:00',
      periods: {
        '2026-11': { closeStart: null, deadline: '2026-12-08T18:00:00+01:00' },
        '2026-12': { closeStart: null, deadline: '2027-01-08T18:00:00+01:00' },
      },
    });
    expect(Object.keys(r.periods)).toEqual(['2026-11', '2026-12']);
  });

  it('names the path of every problem', () => {
    expect(
      fields(closeCalendarBodySchema, {
        timezone: 'Mars/Olympus',
        workweek: [1, 2, 9, 2],
        holidays: ['2026-02-30', '2026-12-25', '2026-12-25'],
        closeStart: 'WD+0',
        deadline: 'BD+5',
        deadlineTime: '24:00',
        periods: { '2026-13': { deadline: '2026-12-08T18:00:00' }, '2026-11': { deadline: '2026-12-08T18:00:00+15:00' }, '2026-10': {} },
        extra: true,
      }),
    ).toEqual(
      expect.arrayContaining([
        'timezone: must be an IANA time zone such as "Europe/Berlin"',
        'workweek[2]: must be an ISO weekday, 1 (Monday) to 7 (Sunday)',
        'holidays[0]: must be a date such as "2026-12-25"',
        'closeStart: must be a working-day rule such as "WD+5" or "WD-2" (N from 1 to 60)',
        'deadline: must be a working-day rule such as "WD+5" or "WD-2" (N from 1 to 60)',
        'deadlineTime: must be a local time HH:MM such as "18:00"',
        'periods.2026-13: must be a period YYYY-MM',
        'periods.2026-11.deadline: must be an ISO instant with an offset, such as "2026-12-08T18:00:00+01:00"',
        'periods.2026-10: must set closeStart, deadline or both',
        'extra: is not a known field',
      ]),
    );
  });

  it('refuses duplicate weekdays and holidays, and a close start after the deadline', () => {
    expect(
      fields(closeCalendarBodySchema, { timezone: 'UTC', workweek: [1, 2, 2], holidays: ['2026-12-25', '2026-12-25'], closeStart: 'WD+6', deadline: 'WD+5' }),
    ).toEqual([
      'workweek[2]: duplicates workweek[1] (2)',
      'holidays[1]: duplicates holidays[0] (2026-12-25)',
      'closeStart: must not come after deadline (WD+5)',
    ]);
  });
});

describe('closeCalendarSchema', () => {
  it('requires a valid entity and reports body problems under their own path', () => {
    expect(fields(closeCalendarSchema, { entity: 'DE 01', timezone: 'UTC', deadline: 'WD+5' })).toEqual([
      expect.stringMatching(/^entity: must be an entity code/),
    ]);
    expect(fields(closeCalendarSchema, { entity: 'DE01', timezone: 'UTC', deadline: 'WD+5', workweek: [8] })).toEqual([
      'workweek[0]: must be an ISO weekday, 1 (Monday) to 7 (Sunday)',
    ]);
    expect(closeCalendarSchema.parse({ entity: 'DE01', timezone: 'UTC', deadline: 'WD+5' }).entity).toBe('DE01');
  });
});

describe('fxRatesDocumentSchema', () => {
  it('keeps exact decimal text', () => {
    expect(fxRatesDocumentSchema.parse({ date: '2026-11-30', base: 'USD', rates: { EUR: '0.923361', JPY: '151.2' } }).rates).toEqual({
      EUR: '0.923361',
      JPY: '151.2',
    });
  });

  it('refuses bad codes, zero and negative rates, and the base quoted against itself', () => {
    expect(fields(fxRatesDocumentSchema, { date: '2026-11-31', base: 'usd', rates: { EUR: '0', eur: '1.1', GBP: '-1', USD: '1' } })).toEqual(
      expect.arrayContaining([
        'date: must be a date such as "2026-12-25"',
        'base: must be an ISO 4217 code such as "USD"',
        expect.stringMatching(/^rates.EUR: must be a decimal string greater than zero/),
        'rates.eur: must be an ISO 4217 code such as "EUR"',
        expect.stringMatching(/^rates.GBP: must be a decimal string greater than zero/),
      ]),
    );
    expect(fields(fxRatesDocumentSchema, { date: '2026-11-30', base: 'USD', rates: { USD: '1' } })).toEqual([
      'rates.USD: must not quote the base currency against itself',
    ]);
    expect(fields(fxRatesDocumentSchema, { date: '2026-11-30', base: 'USD', rates: {} })).toEqual(['rates: must name at least one quote currency']);
  });
});
