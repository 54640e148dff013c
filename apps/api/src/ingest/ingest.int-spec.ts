import { Client } from 'pg';
import { MAX_EVENTS_PER_REQUEST } from '@closewatch/contracts/events';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('POST /api/v1/events and /api/v1/runs', () => {
  let t: TestApp;
  let db: Client;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    key = await t.ingestKey(['events', 'runs']);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const post = (path: string, body: unknown, auth: string | null = key, contentType = 'application/json') =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const event = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    flow: 'coupa-to-oracle-invoices',
    recordKey: `REC-${id}`,
    recordType: 'invoice',
    stage: 'emitted',
    system: 'coupa',
    occurredAt: '2026-11-20T09:00:00.000Z',
    amount: '1500.10',
    currency: 'USD',
    entity: 'US01',
    period: '2026-11',
    ...extra,
  });
  const hopCount = async (sourceIdPrefix: string) =>
    Number((await db.query(`select count(*) from hops where source = 'event' and source_id like $1`, [`${sourceIdPrefix}%`])).rows[0].count);
  const counters = async (flow: string) =>
    (
      await db.query(
        `select coalesce(sum(hops), 0)::int as hops, coalesce(sum(errors), 0)::int as errors, coalesce(sum(duplicates), 0)::int as duplicates,
                            coalesce(sum(runs), 0)::int as runs, coalesce(sum(failed_runs), 0)::int as "failedRuns"
                       from ingest_counters where flow_id = $1`,
        [flow],
      )
    ).rows[0] as Record<string, number>;

  describe('events', () => {
    it('stores valid events as hops with exact amounts', async () => {
      const res = await post('/api/v1/events', {
        events: [
          event('e-ok-1', { amount: '12345678901234567.0123456789' }),
          event('e-ok-2', {
            stage: 'failed',
            error: { class: 'mapping', code: 'GL_UNMAPPED', message: 'no GL account for cost centre 4711' },
            attributes: { costCentre: '4711' },
          }),
        ],
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      const rows = (await db.query(`select * from hops where source = 'event' and source_id like 'e-ok-%' order by source_id`)).rows;
      expect(rows[0]).toMatchObject({
        flow_id: 'coupa-to-oracle-invoices',
        record_key: 'REC-e-ok-1',
        stage: 'emitted',
        status: 'ok',
        amount: '12345678901234567.0123456789',
        currency: 'USD',
      });
      expect(rows[1]).toMatchObject({
        status: 'error',
        error_class: 'mapping',
        error_code: 'GL_UNMAPPED',
        error_message: 'no GL account for cost centre 4711',
        attributes: { costCentre: '4711' },
      });
    });

    it('stores the valid events of a batch and reports each invalid one by index, naming the fields', async () => {
      const res = await post('/api/v1/events', {
        events: [
          event('e-mix-1'),
          event('e-mix-2', { stage: 'shipped', amount: 12.5, currency: 'usd' }),
          { ...event('e-mix-3'), occurredAt: 'yesterday', extraField: true },
          event('e-mix-4', { amount: '1,000.00' }),
          'not an event',
          event('e-mix-6', { recordKey: 'bad\u0000key' }),
          event('e-mix-7', { amount: 99.99 }),
        ],
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; errors: { field: string; message: string }[] }[] };
      expect(body.accepted).toBe(2);
      expect(body.duplicates).toBe(0);
      const fields = Object.fromEntries(body.rejected.map((r) => [r.index, r.errors.map((e) => e.field).sort()]));
      expect(fields).toEqual({ 1: ['currency', 'stage'], 2: ['body', 'occurredAt'], 3: ['amount'], 4: ['body'], 5: ['recordKey'] });
      expect(body.rejected.find((r) => r.index === 2)!.errors.find((e) => e.field === 'body')!.message).toContain('extraField');
      expect(await hopCount('e-mix-')).toBe(2);
      expect((await db.query(`select amount from hops where source_id = 'e-mix-7'`)).rows[0].amount).toBe('99.99');
    });

    it('counts repeated ids, in one request or across requests, as duplicates and stores them once', async () => {
      const first = await post('/api/v1/events', { events: [event('e-dup-1'), event('e-dup-1', { stage: 'posted' }), event('e-dup-2', { flow: 'dup-flow' })] });
      expect(await first.json()).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
      const again = await post('/api/v1/events', { events: [event('e-dup-2', { flow: 'dup-flow' }), event('e-dup-3', { flow: 'dup-flow', stage: 'failed' })] });
      expect(await again.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      expect(await hopCount('e-dup-')).toBe(3);
      expect((await db.query(`select stage from hops where source_id = 'e-dup-1'`)).rows).toEqual([{ stage: 'emitted' }]);
      expect(await counters('dup-flow')).toEqual({ hops: 2, errors: 1, duplicates: 1, runs: 0, failedRuns: 0 });
    });

    it('counts a repeated id as a duplicate whatever its time, even when the time is in another month partition', async () => {
      const at = (iso: string) => ({ occurredAt: iso });
      const first = await post('/api/v1/events', { events: [event('e-when-1', at('2026-10-03T10:00:00Z')), event('e-when-1', at('2026-12-03T10:00:00Z'))] });
      expect(await first.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      const again = await post('/api/v1/events', { events: [event('e-when-1', at('2026-11-15T08:00:00Z'))] });
      expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
      expect((await db.query(`select occurred_at from hops where source_id = 'e-when-1'`)).rows).toEqual([{ occurred_at: new Date('2026-10-03T10:00:00Z') }]);
    });

    it('refuses a body that is not {events: [...]} with 400 naming the field, writing nothing', async () => {
      for (const body of [{}, { events: 'x' }, [event('e-env-1')], { events: [event('e-env-2')], extra: 1 }]) {
        const res = await post('/api/v1/events', body);
        expect(res.status).toBe(400);
        const err = (await res.json()) as { error: { code: string; details: { field: string }[] } };
        expect(err.error.code).toBe('validation_failed');
        expect(err.error.details.map((d) => d.field)).toEqual([Array.isArray(body) || !('extra' in body) ? 'events' : 'extra']);
      }
      expect(await hopCount('e-env-')).toBe(0);
    });

    it('refuses more than MAX_EVENTS_PER_REQUEST events with 413, writing nothing', async () => {
      const events = Array.from({ length: MAX_EVENTS_PER_REQUEST + 1 }, (_, i) => event(`e-big-${i}`));
      const res = await post('/api/v1/events', { events });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { details: { field: string }[] } }).error.details).toEqual([
        { field: 'events', message: expect.stringContaining(`${MAX_EVENTS_PER_REQUEST}`) },
      ]);
      expect(await hopCount('e-big-')).toBe(0);
    });

    it('answers malformed JSON with 400 and a non-JSON content type with 415', async () => {
      const malformed = await post('/api/v1/events', '{"events": [');
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('malformed_body');
      const text = await post('/api/v1/events', 'events=1', key, 'text/plain');
      expect(text.status).toBe(415);
    });

    it('needs an ingest key with the events scope: no key, a user session or a traces-only key is refused', async () => {
      const body = { events: [event('e-auth-1')] };
      expect((await post('/api/v1/events', body, null)).status).toBe(401);
      expect((await post('/api/v1/events', body, await t.tokenFor('admin'))).status).toBe(401);
      const tracesOnly = await post('/api/v1/events', body, await t.ingestKey(['traces']));
      expect(tracesOnly.status).toBe(401);
      expect(((await tracesOnly.json()) as { error: { message: string } }).error.message).toContain('events');
      expect(await hopCount('e-auth-')).toBe(0);
    });

    it('stops honouring a revoked key', async () => {
      const admin = await t.tokenFor('admin');
      const created = await post('/api/v1/ingest-keys', { name: 'short-lived', scopes: ['events'] }, admin);
      const { key: k, secret } = (await created.json()) as { key: { id: string }; secret: string };
      expect((await post('/api/v1/events', { events: [event('e-rev-1')] }, secret)).status).toBe(200);
      await fetch(`${t.url}/api/v1/ingest-keys/${k.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
      expect((await post('/api/v1/events', { events: [event('e-rev-2')] }, secret)).status).toBe(401);
    });
  });

  describe('runs', () => {
    const run = (extra: Record<string, unknown> = {}) => ({
      flow: 'anaplan-actuals-load',
      runId: 'R-2026-11-20',
      status: 'succeeded',
      startedAt: '2026-11-20T02:00:00Z',
      finishedAt: '2026-11-20T02:04:10Z',
      rowsRead: 120000,
      rowsWritten: 119990,
      rowsRejected: 10,
      period: '2026-11',
      entity: 'US01',
      watermark: '2026-11-19T23:59:59Z',
      ...extra,
    });

    it('answers 201 the first time and 200 duplicate after, per (flow, runId, status)', async () => {
      const started = await post('/api/v1/runs', run({ status: 'started', finishedAt: null }));
      expect(started.status).toBe(201);
      expect(await started.json()).toEqual({ accepted: true, duplicate: false });
      const done = await post('/api/v1/runs', run());
      expect(done.status).toBe(201);
      const again = await post('/api/v1/runs', run({ rowsWritten: 1 }));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ accepted: true, duplicate: true });
      const rows = (await db.query(`select status, rows_read, rows_written from runs where flow_id = 'anaplan-actuals-load' order by id`)).rows;
      expect(rows).toEqual([
        { status: 'started', rows_read: '120000', rows_written: '119990' },
        { status: 'succeeded', rows_read: '120000', rows_written: '119990' },
      ]);
    });

    it('takes a repeated (flow, runId, status) as a duplicate whatever its times', async () => {
      const first = await post('/api/v1/runs', run({ runId: 'r-when', startedAt: '2026-10-31T23:00:00Z', finishedAt: '2026-10-31T23:50:00Z' }));
      expect(first.status).toBe(201);
      const later = await post('/api/v1/runs', run({ runId: 'r-when', startedAt: '2026-10-31T23:00:00Z', finishedAt: '2026-11-01T00:10:00Z' }));
      expect(later.status).toBe(200);
      expect(await later.json()).toEqual({ accepted: true, duplicate: true });
      expect((await db.query(`select finished_at from runs where run_id = 'r-when'`)).rows).toEqual([{ finished_at: new Date('2026-10-31T23:50:00Z') }]);
    });

    it('counts finished runs and failed runs per flow', async () => {
      await post('/api/v1/runs', run({ flow: 'count-flow', runId: 'a' }));
      await post('/api/v1/runs', run({ flow: 'count-flow', runId: 'b', status: 'failed', error: { code: 'TIMEOUT', message: 'source timed out' } }));
      await post('/api/v1/runs', run({ flow: 'count-flow', runId: 'b', status: 'failed' }));
      expect(await counters('count-flow')).toEqual({ hops: 0, errors: 0, duplicates: 0, runs: 2, failedRuns: 1 });
      expect((await db.query(`select error_code, error_message from runs where flow_id = 'count-flow' and status = 'failed'`)).rows).toEqual([
        { error_code: 'TIMEOUT', error_message: 'source timed out' },
      ]);
    });

    it('refuses an invalid report with 400 naming the fields, writing nothing', async () => {
      const res = await post('/api/v1/runs', run({ flow: 'bad-run-flow', status: 'done', rowsRead: -1, period: '2026-1', finishedAt: undefined }));
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { details: { field: string }[] } };
      expect(err.error.details.map((d) => d.field).sort()).toEqual(['period', 'rowsRead', 'status']);
      const missing = await post('/api/v1/runs', { ...run({ flow: 'bad-run-flow' }), finishedAt: null });
      expect(((await missing.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field)).toEqual(['finishedAt']);
      expect((await db.query(`select count(*)::int as n from runs where flow_id = 'bad-run-flow'`)).rows[0].n).toBe(0);
    });

    it('needs an ingest key with the runs scope', async () => {
      expect((await post('/api/v1/runs', run({ flow: 'auth-run-flow' }), await t.ingestKey(['events']))).status).toBe(401);
      expect((await post('/api/v1/runs', run({ flow: 'auth-run-flow' }), await t.tokenFor('it_ops'))).status).toBe(401);
      expect((await db.query(`select count(*)::int as n from runs where flow_id = 'auth-run-flow'`)).rows[0].n).toBe(0);
    });
  });
});
