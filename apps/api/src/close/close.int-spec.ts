import { type CatalogImportSummary } from '@closewatch/contracts/catalog';
import { type CloseCalendarDto, type CloseDeadlineDto, type FxConversionDto, type FxRateDto, type FxRatesDocumentDto } from '@closewatch/contracts/close';
import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { type Page } from '@closewatch/contracts/pagination';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from '../../test/test-app';
import { CloseCalendarsService } from './close-calendars.service';
import { FxRatesService } from './fx-rates.service';

const berlin = {
  timezone: 'Europe/Berlin',
  workweek: [5, 4, 3, 2, 1],
  holidays: ['2027-01-01', '2026-12-25', '2026-12-24', '2026-12-31'],
  closeStart: 'WD-2',
  deadline: 'WD+5',
  deadlineTime: '18:00',
  periods: { '2026-10': { deadline: '2026-11-09T12:00:00+01:00' } },
};

describe('close calendars and FX rates API', () => {
  let t: TestApp;
  let admin: string;
  let finance: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, finance, viewer] = await Promise.all([t.tokenFor('admin'), t.tokenFor('finance_ops'), t.tokenFor('viewer')]);
  });
  afterAll(() => t.close());

  const call = async <T>(method: string, path: string, token: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T & ApiErrorBody };
  };

  it('creates a calendar (201), replaces it (200) and reads it back canonical', async () => {
    const created = await call<CloseCalendarDto>('PUT', '/api/v1/close-calendars/DE01', finance, berlin);
    expect(created.status).toBe(201);
    const expected: CloseCalendarDto = {
      entity: 'DE01',
      timezone: 'Europe/Berlin',
      workweek: [1, 2, 3, 4, 5],
      holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
      closeStart: 'WD-2',
      deadline: 'WD+5',
      deadlineTime: '18:00',
      periods: { '2026-10': { closeStart: null, deadline: '2026-11-09T12:00:00+01:00' } },
    };
    expect(created.body).toEqual(expected);
    const replaced = await call<CloseCalendarDto>('PUT', '/api/v1/close-calendars/DE01', admin, berlin);
    expect(replaced.status).toBe(200);
    const read = await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01?period=2026-11', viewer);
    expect(read.body.calendar).toEqual(expected);
  });

  it('answers the close window of a period, hand-checked', async () => {
    // November 2026 ends on Monday the 30th: WD-2 is Thursday 26th (00:00 CET), WD+5 Monday 7 December 18:00 CET.
    const nov = await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01?period=2026-11', viewer);
    expect(nov.status).toBe(200);
    expect(nov.body).toMatchObject({ entity: 'DE01', period: '2026-11', closeStartAt: '2026-11-25T23:00:00.000Z', deadlineAt: '2026-12-07T17:00:00.000Z' });
    // December: WD-2 skips the 31st, WD+5 skips 1 January (holidays).
    const dec = await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01?period=2026-12', viewer);
    expect(dec.body).toMatchObject({
      closeStartAt: '2026-12-28T23:00:00.000Z',
      deadlineAt: '2027-01-08T17:00:00.000Z',
      overridden: { closeStart: false, deadline: false },
    });
    // October's deadline is overridden.
    const oct = await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01?period=2026-10', viewer);
    expect(oct.body).toMatchObject({ deadlineAt: '2026-11-09T11:00:00.000Z', overridden: { closeStart: false, deadline: true } });
    expect(oct.body.workingDaysLeft).toBeLessThan(0);
    const far = await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01?period=2040-06', viewer);
    expect(far.body.workingDaysLeft).toBeGreaterThan(2000);
    // Without a period: the close in progress, last month's or this month's.
    const current = await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01', viewer);
    expect(current.status).toBe(200);
    expect(new Date(current.body.deadlineAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('lets other features ask for a window in-process', async () => {
    const w = await t.app.get(CloseCalendarsService).window('DE01', '2026-11', new Date('2026-12-01T10:00:00Z'));
    expect(w?.workingDaysLeft).toBe(4);
    expect(await t.app.get(CloseCalendarsService).window('XX99', '2026-11')).toBeUndefined();
  });

  it('names every bad field and writes nothing', async () => {
    const bad = await call('PUT', '/api/v1/close-calendars/US01', admin, {
      timezone: 'America/Nowhere',
      workweek: [1, 2, 9],
      holidays: ['2026-12-25', '2026-12-25'],
      deadline: 'WD+5',
      deadlineTime: '6pm',
      periods: { '2026-11': { deadline: '2026-12-08 18:00' } },
      colour: 'blue',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.details!.map((d) => d.field).sort()).toEqual([
      'colour',
      'deadlineTime',
      'holidays[1]',
      'periods.2026-11.deadline',
      'timezone',
      'workweek[2]',
    ]);
    const entity = await call('PUT', '/api/v1/close-calendars/US%2001', admin, berlin);
    expect(entity.status).toBe(400);
    expect(entity.body.error.details).toEqual([{ field: 'entity', message: expect.stringContaining('entity code') }]);
    expect((await call('GET', '/api/v1/close-calendars/US01?period=2026-11', viewer)).status).toBe(404);
    expect((await call('GET', '/api/v1/close-calendars/DE01?period=2026-13', viewer)).body.error.details).toEqual([
      { field: 'period', message: expect.any(String) },
    ]);
  });

  it('lets admin and finance_ops write; viewers only read', async () => {
    expect((await call('PUT', '/api/v1/close-calendars/UK01', viewer, { ...berlin, timezone: 'Europe/London' })).status).toBe(403);
    expect((await call('PUT', '/api/v1/fx-rates', viewer, { date: '2026-11-30', base: 'USD', rates: { EUR: '0.92' } })).status).toBe(403);
    expect((await call('DELETE', '/api/v1/close-calendars/DE01', viewer)).status).toBe(403);
    expect((await call('PUT', '/api/v1/close-calendars/UK01', finance, { ...berlin, timezone: 'Europe/London', periods: {} })).status).toBe(201);
  });

  it('lists calendars by entity with a cursor, and deletes', async () => {
    await call('PUT', '/api/v1/close-calendars/MX01', admin, { timezone: 'America/Mexico_City', deadline: 'WD+6' });
    const first = await call<Page<CloseCalendarDto>>('GET', '/api/v1/close-calendars?limit=2', viewer);
    expect(first.body.items.map((c) => c.entity)).toEqual(['DE01', 'MX01']);
    const second = await call<Page<CloseCalendarDto>>('GET', `/api/v1/close-calendars?limit=2&cursor=${first.body.nextCursor}`, viewer);
    expect(second.body).toEqual({ items: [expect.objectContaining({ entity: 'UK01' })], nextCursor: null });
    expect((await call('DELETE', '/api/v1/close-calendars/MX01', finance)).status).toBe(204);
    expect((await call('DELETE', '/api/v1/close-calendars/MX01', finance)).status).toBe(404);
  });

  it('stores exact rates and converts with the latest on or before the period end, naming the rate', async () => {
    const put = await call<FxRatesDocumentDto>('PUT', '/api/v1/fx-rates', finance, {
      date: '2026-11-30',
      base: 'EUR',
      rates: { USD: '1.0842', GBP: '0.8675', JPY: '163.123456789012' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ date: '2026-11-30', base: 'EUR', rates: { GBP: '0.8675', JPY: '163.123456789012', USD: '1.0842' } });
    await call('PUT', '/api/v1/fx-rates', finance, { date: '2026-10-30', base: 'EUR', rates: { USD: '1.0700' } });
    await call('PUT', '/api/v1/fx-rates', finance, { date: '2026-12-31', base: 'EUR', rates: { USD: '1.1000' } });

    const nov = await call<FxConversionDto>('GET', '/api/v1/fx-rates/convert?amount=1000.00&from=EUR&to=USD&period=2026-11', viewer);
    expect(nov.body).toEqual({
      ok: true,
      amount: '1084.2',
      from: 'EUR',
      to: 'USD',
      asOf: '2026-11-30',
      method: 'direct',
      rates: [{ date: '2026-11-30', base: 'EUR', quote: 'USD', rate: '1.0842' }],
    });
    const oct = await call<FxConversionDto>('GET', '/api/v1/fx-rates/convert?amount=1000&from=USD&to=EUR&period=2026-10', viewer);
    expect(oct.body).toMatchObject({ ok: true, method: 'inverse', amount: '934.5794392523', rates: [{ date: '2026-10-30', rate: '1.0700' }] });
    const cross = await t.app.get(FxRatesService).convertForPeriod('86.75', 'GBP', 'USD', '2026-11');
    expect(cross).toMatchObject({ ok: true, method: 'cross', amount: '108.42' });

    const missing = await call<FxConversionDto>('GET', '/api/v1/fx-rates/convert?amount=5&from=EUR&to=USD&period=2026-09', viewer);
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ ok: false, reason: 'missing_rate', from: 'EUR', to: 'USD', asOf: '2026-09-30' });
    expect((await call('GET', '/api/v1/fx-rates/convert?amount=5&from=EUR&to=USD', viewer)).status).toBe(400);
  });

  it('replaces a date set for a base, lists by date and base, and refuses bad rates by path', async () => {
    await call('PUT', '/api/v1/fx-rates', admin, { date: '2026-11-30', base: 'EUR', rates: { USD: '1.0850' } });
    const list = await call<Page<FxRateDto>>('GET', '/api/v1/fx-rates?date=2026-11-30&base=EUR', viewer);
    expect(list.body).toEqual({ items: [{ date: '2026-11-30', base: 'EUR', quote: 'USD', rate: '1.0850' }], nextCursor: null });
    const all = await call<Page<FxRateDto>>('GET', '/api/v1/fx-rates?limit=2', viewer);
    expect(all.body.items.map((r) => r.date)).toEqual(['2026-12-31', '2026-11-30']);
    const rest = await call<Page<FxRateDto>>('GET', `/api/v1/fx-rates?limit=2&cursor=${all.body.nextCursor}`, viewer);
    expect(rest.body.items.map((r) => r.date)).toEqual(['2026-10-30']);
    const bad = await call('PUT', '/api/v1/fx-rates', admin, { date: '2026-11-31', base: 'EUR', rates: { usd: '1', GBP: '0', JPY: 'abc' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.map((d) => d.field).sort()).toEqual(['date', 'rates.GBP', 'rates.JPY', 'rates.usd']);
  });

  it('exports calendars in the catalog document and imports them in the same transaction', async () => {
    const exported = await fetch(`${t.url}/api/v1/catalog`, { headers: { authorization: `Bearer ${viewer}` } });
    const doc = parse(await exported.text()) as { calendars: CloseCalendarDto[] };
    expect(doc.calendars.map((c) => c.entity)).toEqual(['DE01', 'UK01']);
    expect(doc.calendars[0]!.periods).toEqual({ '2026-10': { closeStart: null, deadline: '2026-11-09T12:00:00+01:00' } });

    const yaml = [
      'version: 1',
      'calendars:',
      '  - entity: US01',
      '    timezone: America/New_York',
      '    holidays: [2026-11-26, 2026-12-25]',
      '    deadline: WD+4',
      '    deadlineTime: "17:00"',
      '  - entity: DE01',
      '    timezone: Europe/Berlin',
      '    deadline: WD+3',
    ].join('\n');
    const merged = await call<CatalogImportSummary>('PUT', '/api/v1/catalog?mode=merge', admin, yaml, 'application/yaml');
    expect(merged.status).toBe(200);
    expect(merged.body.created.calendars).toEqual(['US01']);
    expect(merged.body.updated.calendars).toEqual(['DE01']);
    expect((await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/US01?period=2026-11', viewer)).body.deadlineAt).toBe('2026-12-04T22:00:00.000Z');

    // Its own export imported again changes nothing (dates, times and overrides survive YAML and jsonb).
    const again = await (await fetch(`${t.url}/api/v1/catalog`, { headers: { authorization: `Bearer ${viewer}` } })).text();
    const reimported = await call<CatalogImportSummary>('PUT', '/api/v1/catalog?mode=replace', admin, again, 'application/yaml');
    expect(reimported.body.unchanged.calendars).toEqual(['DE01', 'UK01', 'US01']);
    expect([...reimported.body.created.calendars, ...reimported.body.updated.calendars, ...reimported.body.deleted.calendars]).toEqual([]);

    // One bad calendar: nothing of the document is written, and the error names the path.
    const bad = await call('PUT', '/api/v1/catalog?mode=merge', admin, `${yaml.replace('WD+3', 'WD+2')}\n    workweek: [1, 8]\n`, 'application/yaml');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'calendars[1].workweek[1]', message: expect.any(String) }]);
    expect((await call<CloseDeadlineDto>('GET', '/api/v1/close-calendars/DE01?period=2026-11', viewer)).body.calendar.deadline).toBe('WD+3');

    const replaced = await call<CatalogImportSummary>('PUT', '/api/v1/catalog?mode=replace', admin, 'version: 1\ncalendars: []\n', 'application/yaml');
    expect(replaced.body.deleted.calendars).toEqual(['DE01', 'UK01', 'US01']);
    expect((await call<Page<CloseCalendarDto>>('GET', '/api/v1/close-calendars', viewer)).body.items).toEqual([]);
  });
});
