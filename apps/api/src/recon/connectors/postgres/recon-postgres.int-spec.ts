import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { type ConnectionDto, type ReconBreakDto, type ReconDto, type ReconRunDto, type ReconRunHistoryDto } from '@closewatch/contracts/recon';
import { api, createFlow, createInvoiceDatabases, invoiceRecon, runRecon, type SideDatabase } from '../../../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../../../test/test-app';
import { ExceptionsService } from '../../../exceptions/exceptions.service';
import { ReconWorkerService } from '../../runs/recon-worker.service';

const FLOW = 'coupa-to-oracle-invoices';
/** Put into the connection URLs (as the application name) to prove they never come back out. */
const MARKER = 'cw-secret-marker-7f3a';

function urlWithMarker(url: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', MARKER);
  return u.toString();
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('reconciliation over two PostgreSQL databases', () => {
  let t: TestApp;
  let source: SideDatabase;
  let target: SideDatabase;
  let admin: ReturnType<typeof api>;
  let adminToken: string;
  let worker: ReconWorkerService;
  let ingestKey: string;

  const definition = (over: Record<string, unknown> = {}) => invoiceRecon(FLOW, over);

  const events = async (list: Record<string, unknown>[]) => {
    const res = await fetch(`${t.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: list }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(list.length);
  };

  const runOnce = (reconId: string, body?: unknown) => runRecon(admin, worker, reconId, body);

  beforeAll(async () => {
    t = await startTestApp({
      CLOSEWATCH_RECON_STATEMENT_TIMEOUT_SECONDS: '1',
      CLOSEWATCH_RECON_RETRIES: '1',
      CLOSEWATCH_RECON_RETRY_DELAY_SECONDS: '0',
      CLOSEWATCH_RECON_PROGRESS_ROWS: '1000',
      CLOSEWATCH_RECON_MAX_EXCEPTIONS: '1000',
    });
    worker = t.app.get(ReconWorkerService);
    ({ source, target } = await createInvoiceDatabases('cw'));
    await source.sql(`create table audit_marks (n int)`);
    await source.sql(`create function closewatch_write() returns int language sql as $$ insert into audit_marks values (1) returning 1 $$`);

    adminToken = await t.tokenFor('admin');
    admin = api(t, adminToken);
    ingestKey = await t.ingestKey(['events']);
    await createFlow(t, adminToken, FLOW, 900);
    // Lineage: INV-002 failed in AP automation, INV-006 is on its way, INV-007 left Coupa two hours ago.
    await events([
      { id: 'e-002-1', flow: FLOW, recordKey: 'INV-002', stage: 'emitted', system: 'coupa', occurredAt: minutesAgo(60) },
      {
        id: 'e-002-2',
        flow: FLOW,
        recordKey: 'INV-002',
        stage: 'failed',
        system: 'ap-automation',
        occurredAt: minutesAgo(59),
        error: { class: 'mapping', code: 'CC', message: 'unknown cost centre' },
      },
      { id: 'e-006-1', flow: FLOW, recordKey: 'INV-006', stage: 'emitted', system: 'coupa', occurredAt: minutesAgo(1) },
      { id: 'e-007-1', flow: FLOW, recordKey: 'INV-007', stage: 'emitted', system: 'coupa', occurredAt: minutesAgo(120) },
      { id: 'e-003-1', flow: FLOW, recordKey: 'INV-003', stage: 'emitted', system: 'coupa', occurredAt: minutesAgo(300) },
      { id: 'e-003-2', flow: FLOW, recordKey: 'INV-003', stage: 'posted', system: 'oracle-fusion', occurredAt: minutesAgo(290) },
    ]);
  });

  afterAll(async () => {
    await t?.close();
    await source?.drop();
    await target?.drop();
  });

  describe('connections', () => {
    it('stores a connection encrypted and never answers its URL', async () => {
      const created = await admin.post<ConnectionDto>('/api/v1/connections', { name: 'coupa', kind: 'postgres', url: urlWithMarker(source.url) });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        name: 'coupa',
        kind: 'postgres',
        origin: 'api',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        usedBy: [],
      });
      expect(created.text).not.toContain(MARKER);
      expect((await admin.post('/api/v1/connections', { name: 'erp', kind: 'postgres', url: urlWithMarker(target.url) })).status).toBe(201);

      const list = await admin.get<Page<ConnectionDto>>('/api/v1/connections');
      expect(list.body.items.map((c) => c.name)).toEqual(['coupa', 'erp']);
      expect(list.text).not.toContain(MARKER);
      expect(list.text).not.toContain(source.name);

      const stored: { url_ciphertext: string }[] = await t.app.get(DataSource).query(`select url_ciphertext from recon_connections order by name`);
      expect(stored).toHaveLength(2);
      for (const s of stored) {
        expect(s.url_ciphertext).toMatch(/^v1\./);
        expect(s.url_ciphertext).not.toContain(MARKER);
        expect(s.url_ciphertext).not.toContain('postgres');
      }
    });

    it('tests a connection, and reports why one fails without its URL', async () => {
      const ok = await admin.post<{ ok: boolean; serverVersion: string }>('/api/v1/connections/coupa/test');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^\d+/), error: null });

      expect((await admin.post('/api/v1/connections', { name: 'down', kind: 'postgres', url: `postgres://nobody:${MARKER}@127.0.0.1:1/none` })).status).toBe(
        201,
      );
      const down = await admin.post<{ ok: boolean; error: string }>('/api/v1/connections/down/test');
      expect(down.body).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED|connect/) });
      expect(down.text).not.toContain(MARKER);
    });

    it('refuses bad input, duplicates and other roles', async () => {
      const bad = await admin.post<{ error: { details: { field: string }[] } }>('/api/v1/connections', { name: 'Bad Name', kind: 'mysql', url: 'mysql://x' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['kind', 'name', 'url']);
      expect((await admin.post('/api/v1/connections', { name: 'coupa', kind: 'postgres', url: source.url })).status).toBe(409);
      const ops = api(t, await t.tokenFor('it_ops'));
      expect((await ops.post('/api/v1/connections', { name: 'other', kind: 'postgres', url: source.url })).status).toBe(403);
      expect((await ops.get('/api/v1/connections')).status).toBe(200);
      expect((await ops.post('/api/v1/connections/coupa/test')).status).toBe(200);
      const viewer = api(t, await t.tokenFor('viewer'));
      expect((await viewer.post('/api/v1/connections/coupa/test')).status).toBe(403);
      expect((await viewer.delete('/api/v1/connections/coupa')).status).toBe(403);
    });
  });

  describe('definitions', () => {
    it('names the path of every problem and stores nothing', async () => {
      const res = await admin.post<{ error: { details: { field: string; message: string }[] } }>(
        '/api/v1/recons',
        definition({
          compare: [
            { source: 'amount', target: 'amt', tolerance: { rel: 'abc' } },
            { source: 'inv_date', target: 'gl_date', tolerance: { days: -1 } },
          ],
          schedule: { cron: 'every day', timezone: 'Mars/Olympus' },
          key: [{ source: 'inv_no' }],
        }),
      );
      expect(res.status).toBe(400);
      const fields = res.body.error.details.map((d) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining(['compare[0].tolerance.rel', 'compare[1].tolerance.days', 'key[0].target', 'schedule.cron', 'schedule.timezone']),
      );

      const semantic = await admin.post<{ error: { details: { field: string; message: string }[] } }>(
        '/api/v1/recons',
        definition({
          source: { connector: 'postgres', connection: 'nowhere', query: 'select * from invoices where entity = :entity' },
          flow: 'no-such-flow',
          recordKey: 'amount',
        }),
      );
      expect(semantic.status).toBe(400);
      expect(semantic.body.error.details).toEqual(
        expect.arrayContaining([
          { field: 'source.query', message: expect.stringContaining(':entity') },
          { field: 'recordKey', message: expect.any(String) },
        ]),
      );
      const again = await admin.post<{ error: { details: { field: string }[] } }>(
        '/api/v1/recons',
        definition({ source: { connector: 'postgres', connection: 'nowhere', query: 'select 1 as inv_no' }, flow: 'no-such-flow' }),
      );
      expect(again.body.error.details.map((d) => d.field).sort()).toEqual(['flow', 'source.connection']);
      expect((await admin.get('/api/v1/recons/coupa-oracle-invoices')).status).toBe(404);
    });

    it('creates, reads, lists and replaces a definition; only admins change it', async () => {
      const viewer = api(t, await t.tokenFor('viewer'));
      expect((await viewer.post('/api/v1/recons', definition())).status).toBe(403);
      const created = await admin.post<ReconDto>('/api/v1/recons', definition());
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        id: 'coupa-oracle-invoices',
        enabled: true,
        mode: 'merge',
        version: 1,
        lastRun: null,
        nextRunAt: expect.stringMatching(/T02:00:00\.000Z$/),
      });
      expect((await admin.post('/api/v1/recons', definition())).status).toBe(409);
      expect((await viewer.get<ReconDto>('/api/v1/recons/coupa-oracle-invoices')).body.source).toEqual(definition().source);

      const replaced = await admin.put<ReconDto>('/api/v1/recons/coupa-oracle-invoices', { ...definition(), id: undefined, name: 'AP invoices (renamed)' });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ name: 'AP invoices (renamed)', version: 2 });
      expect((await admin.put('/api/v1/recons/coupa-oracle-invoices', definition({ id: 'other-id' }))).status).toBe(400);
      expect((await viewer.put('/api/v1/recons/coupa-oracle-invoices', definition())).status).toBe(403);

      const conn = await admin.get<ConnectionDto>('/api/v1/connections/coupa');
      expect(conn.body.usedBy).toEqual(['coupa-oracle-invoices']);
      expect((await admin.delete('/api/v1/connections/coupa')).status).toBe(409);
    });
  });

  describe('runs', () => {
    let firstRun: ReconRunDto;

    it('finds every break type exactly, with totals, classification from lineage and exceptions', async () => {
      const auditor = api(t, await t.tokenFor('auditor'));
      expect((await auditor.post('/api/v1/recons/coupa-oracle-invoices/runs')).status).toBe(403);
      const ops = api(t, await t.tokenFor('finance_ops'));
      const started = await ops.post<{ runId: string }>('/api/v1/recons/coupa-oracle-invoices/runs');
      expect(started.status).toBe(202);
      expect((await admin.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body).toMatchObject({ status: 'queued', summary: null });
      await worker.drain();
      const run = (await auditor.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body;
      firstRun = run;
      expect(run.status).toBe('succeeded');
      expect(run.scope).toEqual({ period: '2026-11' });
      expect(run.summary).toEqual({
        source: {
          rows: 9,
          totals: [
            { group: { currency: 'EUR', entity: 'DE01' }, rows: 1, amount: '75.5' },
            { group: { currency: 'USD', entity: 'US01' }, rows: 8, amount: '990' },
          ],
          invalidAmounts: 0,
        },
        target: {
          rows: 7,
          totals: [
            { group: { currency: 'EUR', entity: 'DE01' }, rows: 1, amount: '80.5' },
            { group: { currency: 'USD', entity: 'US01' }, rows: 6, amount: '2149.01' },
          ],
          invalidAmounts: 0,
        },
        matched: 2,
        breaks: { missing_in_target: 4, unexpected_in_target: 1, amount_mismatch: 1, field_mismatch: 1, duplicate_key: 1 },
      });
      expect(run.groups).toHaveLength(2);
      expect(run.classifications).toEqual({ failed_at_hop: 1, in_flight: 1, posted_late: 1, never_emitted: 4, unexplained: 1 });
      expect(run.exceptions).toEqual({ raised: 7, resolved: 0, skipped: 0 });
      expect(run.progress).toMatchObject({ source: 9, target: 7 });
      expect(run.amountAtRisk).toEqual([
        { currency: 'EUR', amount: '5.00' },
        { currency: 'USD', amount: '1849.00' },
      ]);
      expect(run.material).toBe(true);
      expect(run.matchedPct).toBe(22.22);

      const missing = await auditor.get<Page<ReconBreakDto>>(`/api/v1/recon-runs/${run.runId}/breaks?type=missing_in_target`);
      expect(missing.body.items.map((b) => [b.key, b.classification?.kind, b.exceptionId !== null])).toEqual([
        [{ inv_no: 'INV-002', entity: 'US01' }, 'failed_at_hop', true],
        [{ inv_no: 'INV-006', entity: 'US01' }, 'in_flight', false],
        [{ inv_no: 'INV-007', entity: 'US01' }, 'posted_late', true],
        [{ inv_no: 'INV-008', entity: 'US01' }, 'never_emitted', true],
      ]);
      expect(missing.body.items[0]).toMatchObject({
        recordKey: 'INV-002',
        source: { inv_no: 'INV-002', entity: 'US01', amount: '250.00', currency: 'USD' },
        target: null,
        amountAtRisk: '250',
        currency: 'USD',
        classification: { kind: 'failed_at_hop', system: 'ap-automation', stage: 'failed', errorClass: 'mapping', exception: true },
      });
      expect(missing.body.items[2]!.classification).toMatchObject({ kind: 'posted_late', postedAt: null });

      const mismatch = await auditor.get<Page<ReconBreakDto>>(
        `/api/v1/recon-runs/${run.runId}/breaks?type=amount_mismatch,field_mismatch,duplicate_key,unexpected_in_target`,
      );
      expect(mismatch.body.items.map((b) => [b.type, b.key.inv_no])).toEqual([
        ['amount_mismatch', 'INV-003'],
        ['field_mismatch', 'INV-004'],
        ['duplicate_key', 'INV-005'],
        ['unexpected_in_target', 'INV-099'],
      ]);
      expect(mismatch.body.items[0]).toMatchObject({
        amountAtRisk: '5',
        currency: 'EUR',
        differences: [{ field: 'amount', targetField: 'amt', source: '75.50', target: '80.50', difference: '5' }],
      });
      expect(mismatch.body.items[1]!.differences).toEqual([expect.objectContaining({ field: 'inv_date', targetField: 'gl_date' })]);
      expect(mismatch.body.items[2]).toMatchObject({ side: 'target', rows: 2 });
      expect(mismatch.body.items[3]).toMatchObject({ source: null, classification: { kind: 'never_emitted' } });

      const page1 = await auditor.get<Page<ReconBreakDto>>(`/api/v1/recon-runs/${run.runId}/breaks?limit=3`);
      const page2 = await auditor.get<Page<ReconBreakDto>>(`/api/v1/recon-runs/${run.runId}/breaks?limit=10&cursor=${page1.body.nextCursor}`);
      expect([...page1.body.items, ...page2.body.items].map((b) => b.key.inv_no)).toEqual([
        'INV-002',
        'INV-003',
        'INV-004',
        'INV-005',
        'INV-006',
        'INV-007',
        'INV-008',
        'INV-099',
      ]);
      expect(page2.body.nextCursor).toBeNull();
      expect((await auditor.get(`/api/v1/recon-runs/${run.runId}/breaks?type=nonsense`)).status).toBe(400);

      const exceptions = await auditor.get<Page<ExceptionDto>>(`/api/v1/exceptions?type=recon_break&flow=${FLOW}&limit=100`);
      expect(exceptions.body.items.map((e) => `${e.recordKey}:${e.cause}`).sort()).toEqual([
        'INV-002:missing_in_target@coupa-oracle-invoices',
        'INV-003:amount_mismatch@coupa-oracle-invoices',
        'INV-004:field_mismatch@coupa-oracle-invoices',
        'INV-005:duplicate_key@coupa-oracle-invoices',
        'INV-007:missing_in_target@coupa-oracle-invoices',
        'INV-008:missing_in_target@coupa-oracle-invoices',
        'INV-099:unexpected_in_target@coupa-oracle-invoices',
      ]);
      expect(exceptions.body.items.find((e) => e.recordKey === 'INV-002')).toMatchObject({
        status: 'open',
        amountAtRisk: '250',
        currency: 'USD',
        entity: 'US01',
        period: '2026-11',
      });
    });

    it('lists the definition with its last run and next run', async () => {
      const list = await admin.get<Page<ReconDto>>(`/api/v1/recons?flow=${FLOW}`);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({
        id: 'coupa-oracle-invoices',
        nextRunAt: expect.any(String),
        lastRun: { runId: firstRun.runId, status: 'succeeded', matched: 2, totalBreaks: 8, matchedPct: 22.22 },
        lastSucceededRun: { runId: firstRun.runId },
      });
      expect(list.text).not.toContain(MARKER);
    });

    it('resolves the exceptions of breaks a later run no longer finds', async () => {
      await target.sql(`insert into ap_postings values
        ('INV-002', 'US01', 250.00, 'USD', '2026-11-03 09:00Z', '2026-11'),
        ('INV-007', 'US01', 30.00, 'USD', '2026-11-07 09:00Z', '2026-11'),
        ('INV-008', 'US01', 40.00, 'USD', '2026-11-08 09:00Z', '2026-11')`);
      await target.sql(`update ap_postings set amt = 75.50 where doc_ref = 'INV-003'`);
      await target.sql(`update ap_postings set gl_date = '2026-11-02 09:00Z' where doc_ref = 'INV-004'`);
      await target.sql(`delete from ap_postings where doc_ref = 'INV-005' and gl_date = '2026-11-05 09:05Z'`);
      await target.sql(`delete from ap_postings where doc_ref = 'INV-099'`);
      const run = await runOnce('coupa-oracle-invoices');
      expect(run.status).toBe('succeeded');
      expect(run.summary?.breaks).toEqual({ missing_in_target: 1, unexpected_in_target: 0, amount_mismatch: 0, field_mismatch: 0, duplicate_key: 0 });
      expect(run.summary?.matched).toBe(8);
      expect(run.classifications).toEqual({ in_flight: 1 });
      expect(run.exceptions).toEqual({ raised: 0, resolved: 7, skipped: 0 });

      const open = await admin.get<Page<ExceptionDto>>(`/api/v1/exceptions?type=recon_break&flow=${FLOW}&status=open,acknowledged`);
      expect(open.body.items).toEqual([]);
      const resolved = await admin.get<Page<ExceptionDto & { resolution: { code: string } }>>(
        `/api/v1/exceptions?type=recon_break&flow=${FLOW}&status=resolved&limit=100`,
      );
      expect(resolved.body.items).toHaveLength(7);
      expect(resolved.body.items.every((e) => e.resolution?.code === 'auto_resolved')).toBe(true);

      const history = await admin.get<Page<ReconRunHistoryDto>>('/api/v1/recons/coupa-oracle-invoices/runs');
      expect(history.body.items.map((h) => [h.status, h.matched, h.totalBreaks])).toEqual([
        ['succeeded', 8, 1],
        ['succeeded', 2, 8],
      ]);
      expect(history.body.items[0]!.matchedPct).toBe(88.89);
    });

    it('runs with a scope given for the run, bound as a parameter', async () => {
      const run = await runOnce('coupa-oracle-invoices', { scope: { period: '2026-10' } });
      expect(run.scope).toEqual({ period: '2026-10' });
      expect(run.summary).toMatchObject({ source: { rows: 1 }, target: { rows: 1 }, breaks: { amount_mismatch: 1 } });
      const byEntity = definition({
        id: 'by-entity',
        source: {
          connector: 'postgres',
          connection: 'coupa',
          query: 'select inv_no, entity, amount, currency, inv_date from invoices where period = :period and entity = :entity',
        },
        scope: { period: '2026-11', entity: 'DE01' },
      });
      expect((await admin.post('/api/v1/recons', byEntity)).status).toBe(201);
      expect((await runOnce('by-entity')).summary).toMatchObject({ source: { rows: 1 } });
      const injection = await runOnce('by-entity', { scope: { entity: "DE01' or '1'='1" } });
      expect(injection.scope).toEqual({ period: '2026-11', entity: "DE01' or '1'='1" });
      expect(injection.summary).toMatchObject({ source: { rows: 0 } });
      expect((await admin.post('/api/v1/recons/coupa-oracle-invoices/runs', { scope: { period: 'May' } })).status).toBe(400);
    });

    it('refuses a query that writes: the dataset is read in a read-only transaction', async () => {
      const created = await admin.post(
        '/api/v1/recons',
        definition({
          id: 'writer',
          source: {
            connector: 'postgres',
            connection: 'coupa',
            query: 'select inv_no, entity, amount, currency, inv_date from invoices where period = :period and closewatch_write() = 1',
          },
        }),
      );
      expect(created.status).toBe(201);
      const run = await runOnce('writer');
      expect(run.status).toBe('failed');
      expect(run.error).toEqual({ code: 'read_only_violation', message: expect.stringContaining('read-only transaction'), retryable: false });
      expect(await source.sql('select count(*)::int as n from audit_marks')).toEqual([{ n: 0 }]);
      const retries: unknown[] = await t.app.get(DataSource).query(`select 1 from recon_runs where retry_of = $1`, [run.runId]);
      expect(retries).toHaveLength(0);
    });

    it('raises no exception for a run that fails after its first breaks were raised', async () => {
      // 20,000 source records the target lacks, read in key order from their index (enough rows
      // for the planner to prefer it to a sort); the source query fails at the 8,000th, after
      // the run has stored the breaks of the records before it and raised the first 1,000
      // (CLOSEWATCH_RECON_MAX_EXCEPTIONS) in its held transaction. The table is analyzed, so the
      // run reads it in two key ranges split about the 10,000th record: the failure is in the
      // first range, whose breaks are stored (and raised) as they come.
      await source.sql(`create table late_invoices (inv_no text collate "C", entity text collate "C", g int, primary key (inv_no, entity))`);
      await source.sql(`insert into late_invoices select 'L' || lpad(g::text, 6, '0'), 'US01', g from generate_series(1, 20000) g`);
      await source.sql(`analyze late_invoices`);
      const raisedEarly = jest.spyOn(t.app.get(ExceptionsService), 'recordFindingsIn');
      try {
        expect(
          (
            await admin.post(
              '/api/v1/recons',
              definition({
                id: 'fails-late',
                source: {
                  connector: 'postgres',
                  connection: 'coupa',
                  query: `select inv_no, entity, (1 / (g - 8000))::numeric as amount from late_invoices where :period <> ''`,
                },
                target: { connector: 'postgres', connection: 'erp', query: `select doc_ref, bu as entity, amt from ap_postings where false and :period <> ''` },
                compare: [],
                totals: undefined,
              }),
            )
          ).status,
        ).toBe(201);
        const run = await runOnce('fails-late');
        expect(run).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('division by zero') } });
        expect(run.progress.source).toBeGreaterThan(2000);
        expect(raisedEarly.mock.calls.some(([, findings, options]) => options?.onlyNew === true && findings.length > 0)).toBe(true);
        const raised: unknown[] = await t.app.get(DataSource).query(`select 1 from exceptions where cause like '%@fails-late'`);
        expect(raised).toHaveLength(0);
        const linked: { n: number }[] = await t.app
          .get(DataSource)
          .query(`select count(*)::int as n from recon_breaks where run_id = $1 and exception_id is not null`, [run.runId]);
        expect(linked).toEqual([{ n: 0 }]);
      } finally {
        raisedEarly.mockRestore();
      }
    });

    it('fails a query past the statement timeout, and retries it per the policy', async () => {
      expect(
        (
          await admin.post(
            '/api/v1/recons',
            definition({
              id: 'slow',
              source: {
                connector: 'postgres',
                connection: 'coupa',
                query: 'select inv_no, entity, amount, currency, inv_date from invoices, pg_sleep(3) where period = :period',
              },
            }),
          )
        ).status,
      ).toBe(201);
      const run = await runOnce('slow');
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'statement_timeout', retryable: true });
      const history = await admin.get<Page<ReconRunHistoryDto>>('/api/v1/recons/slow/runs');
      expect(history.body.items.map((h) => h.status)).toEqual(['failed', 'failed']);
      const retry = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${history.body.items[0]!.runId}`)).body;
      expect(retry).toMatchObject({ trigger: 'retry', retryOf: run.runId, attempt: 2, error: { code: 'statement_timeout' } });
    });

    it('records a run whose database is down as failed with the reason', async () => {
      expect(
        (await admin.post('/api/v1/recons', definition({ id: 'down', target: { connector: 'postgres', connection: 'down', query: 'select 1 as doc_ref' } })))
          .status,
      ).toBe(201);
      const run = await runOnce('down');
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'connection_failed', retryable: true, message: expect.stringContaining('ECONNREFUSED') });
      expect(JSON.stringify(run)).not.toContain(MARKER);
    });

    it('cancels a running run and a queued one', async () => {
      // The source waits for an advisory lock the test holds, so the run is reliably still
      // running when it is cancelled, however fast or loaded the machine is.
      const big = (alias: string, gate = '') =>
        `select 'K' || lpad(g::text, 8, '0') as ${alias}, 'US01' as entity, 1.00 as amount from generate_series(1, 400000) g${gate} where :period <> ''`;
      const gate = new Client({ connectionString: source.url });
      await gate.connect();
      await gate.query('select pg_advisory_lock(7301)');
      expect(
        (
          await admin.post(
            '/api/v1/recons',
            definition({
              id: 'big',
              source: { connector: 'postgres', connection: 'coupa', query: big('inv_no', ' cross join (select pg_advisory_xact_lock_shared(7301)) gate') },
              target: { connector: 'postgres', connection: 'erp', query: big('doc_ref') },
              compare: [],
              totals: undefined,
            }),
          )
        ).status,
      ).toBe(201);
      const started = await admin.post<{ runId: string }>('/api/v1/recons/big/runs');
      const execution = worker.runNext();
      for (let i = 0; i < 600; i++) {
        const r = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body;
        if (r.status === 'running') break;
        await new Promise((res) => setTimeout(res, 25));
      }
      const viewer = api(t, await t.tokenFor('viewer'));
      expect((await viewer.post(`/api/v1/recon-runs/${started.body.runId}/cancel`)).status).toBe(403);
      const ops = api(t, await t.tokenFor('it_ops'));
      expect((await ops.post(`/api/v1/recon-runs/${started.body.runId}/cancel`)).status).toBe(200);
      expect(await execution).toEqual({ runId: started.body.runId, status: 'cancelled' });
      await gate.end();
      const run = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body;
      expect(run).toMatchObject({ status: 'cancelled', cancelRequestedAt: expect.any(String), summary: null });
      expect(run.progress.source).toBeLessThan(400000);

      const queued = await admin.post<{ runId: string }>('/api/v1/recons/big/runs');
      const cancelled = await admin.post<ReconRunDto>(`/api/v1/recon-runs/${queued.body.runId}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
      expect(await worker.drain()).toEqual([]);
      expect((await admin.post(`/api/v1/recon-runs/${queued.body.runId}/cancel`)).status).toBe(409);
      expect((await admin.get('/api/v1/recon-runs/not-a-run')).status).toBe(404);
    });

    it('reads both sides in key ranges on worker threads once the source key has statistics, with the same result', async () => {
      const breaksOf = async (run: ReconRunDto) =>
        (await admin.get<Page<ReconBreakDto>>(`/api/v1/recon-runs/${run.runId}/breaks?limit=100`)).body.items.map(({ id: _id, classification, ...rest }) => ({
          ...rest,
          classification: { ...classification, ageMs: undefined }, // counted from each run's start
        }));
      const whole = await runOnce('coupa-oracle-invoices');
      expect(whole.status).toBe('succeeded');
      expect(whole.keyRanges).toBeNull();
      await source.sql('analyze invoices');
      const ranged = await runOnce('coupa-oracle-invoices');
      expect(ranged.status).toBe('succeeded');
      expect(ranged.keyRanges).toEqual([
        { from: null, to: expect.stringMatching(/^INV-/) },
        { from: ranged.keyRanges![0]!.to, to: null },
      ]);
      for (const field of ['summary', 'groups', 'classifications', 'amountAtRisk', 'matchedPct'] as const) expect(ranged[field]).toEqual(whole[field]);
      expect(await breaksOf(ranged)).toEqual(await breaksOf(whole));
      expect(ranged.summary!.breaks.missing_in_target).toBeGreaterThan(0);
    });

    it('deletes a definition with its runs', async () => {
      expect((await admin.delete('/api/v1/recons/big')).status).toBe(204);
      expect((await admin.get('/api/v1/recons/big')).status).toBe(404);
      expect((await admin.get('/api/v1/recons/big/runs')).status).toBe(404);
    });
  });
});
