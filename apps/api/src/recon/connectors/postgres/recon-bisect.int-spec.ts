import { type Page } from '@closewatch/contracts/pagination';
import { type ReconBreakDto, type ReconRunDto } from '@closewatch/contracts/recon';
import { api, createFlow, createSideDatabase, INVOICE_MATCHING, type SideDatabase } from '../../../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../../../test/test-app';
import { ReconWorkerService } from '../../runs/recon-worker.service';

const FLOW = 'coupa-to-oracle-invoices';
const ROWS = 20_000;

describe('reconciliation in checksum-and-bisect mode', () => {
  let t: TestApp;
  let source: SideDatabase;
  let target: SideDatabase;
  let admin: ReturnType<typeof api>;

  const definition = (id: string, mode: 'merge' | 'bisect') => ({
    id,
    name: id,
    flow: FLOW,
    mode,
    source: { connector: 'postgres', connection: 'src', query: 'select inv_no, entity, amount, currency, inv_date from invoices' },
    target: { connector: 'postgres', connection: 'tgt', query: 'select doc_ref, entity, amt, cur, gl_date from postings' },
    ...INVOICE_MATCHING,
  });

  const run = async (id: string) => {
    const { runId } = (await admin.post<{ runId: string }>(`/api/v1/recons/${id}/runs`)).body;
    await t.app.get(ReconWorkerService).drain();
    const detail = (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${runId}`)).body;
    const breaks = (await admin.get<Page<ReconBreakDto>>(`/api/v1/recon-runs/${runId}/breaks?limit=1000`)).body.items;
    return {
      detail,
      breaks: breaks.map((b) => ({ type: b.type, key: b.key, differences: b.differences, side: b.side, rows: b.rows, amountAtRisk: b.amountAtRisk })),
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    source = await createSideDatabase('cw_bsrc');
    target = await createSideDatabase('cw_btgt');
    await source.sql(`create table invoices as
      select 'INV-' || lpad(g::text, 6, '0') as inv_no, (array['US01', 'DE01', 'UK01'])[1 + g % 3] as entity,
             ((g * 7919) % 100000)::numeric / 100 + 1 as amount, (array['USD', 'EUR', 'GBP'])[1 + g % 3] as currency,
             date '2026-11-01' + (g % 28) as inv_date
        from generate_series(1, ${ROWS}) g`);
    await target.sql(`create table postings (doc_ref text, entity text, amt numeric(14, 4), cur text, gl_date timestamptz)`);
    // The same data (numeric scale and types differ) with a few differences: missing, unexpected, amount, date beyond 3 days, within tolerance, duplicated.
    const rows = await source.sql(`select inv_no, entity, amount::text, currency, inv_date::text from invoices order by inv_no`);
    const values = rows.map((r) => [r.inv_no, r.entity, r.amount, r.currency, `${r.inv_date as string}T00:00:00Z`]);
    await target.sql(
      `insert into postings select * from unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::timestamptz[])`,
      [0, 1, 2, 3, 4].map((i) => values.map((v) => v[i])),
    );
    await target.sql(`delete from postings where doc_ref in ('INV-000100', 'INV-012345')`);
    await target.sql(`insert into postings values ('INV-999999', 'US01', 5, 'USD', '2026-11-02T09:00Z')`);
    await target.sql(`update postings set amt = amt + 10 where doc_ref = 'INV-005000'`);
    await target.sql(`update postings set amt = amt + 0.01 where doc_ref = 'INV-005001'`);
    await target.sql(`update postings set gl_date = gl_date + interval '9 days' where doc_ref = 'INV-017000'`);
    await target.sql(`insert into postings select * from postings where doc_ref = 'INV-019999'`);

    const token = await t.tokenFor('admin');
    admin = api(t, token);
    await createFlow(t, token, FLOW);
    expect((await admin.post('/api/v1/connections', { name: 'src', kind: 'postgres', url: source.url })).status).toBe(201);
    expect((await admin.post('/api/v1/connections', { name: 'tgt', kind: 'postgres', url: target.url })).status).toBe(201);
    expect((await admin.post('/api/v1/recons', definition('merge-mode', 'merge'))).status).toBe(201);
    expect((await admin.post('/api/v1/recons', definition('bisect-mode', 'bisect'))).status).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
    await source?.drop();
    await target?.drop();
  });

  it('finds the same breaks, counts and totals as the streaming join while moving only the differing segments', async () => {
    const merge = await run('merge-mode');
    const bisect = await run('bisect-mode');
    expect(merge.detail.status).toBe('succeeded');
    expect(bisect.detail.status).toBe('succeeded');
    expect(merge.detail.summary!.breaks).toEqual({ missing_in_target: 2, unexpected_in_target: 1, amount_mismatch: 1, field_mismatch: 1, duplicate_key: 1 });
    expect(bisect.detail.summary!.breaks).toEqual(merge.detail.summary!.breaks);
    expect(bisect.detail.summary!.matched).toBe(merge.detail.summary!.matched);
    expect(bisect.detail.summary!.source.rows).toBe(ROWS);
    expect(bisect.detail.summary!.target.rows).toBe(merge.detail.summary!.target.rows);
    expect(bisect.breaks).toEqual(merge.breaks);
    // Totals are computed in the database in bisect mode: the same groups, rows and amounts.
    const norm = (g: { group: unknown; rows: number; amount: string | null }[]) => g.map((x) => ({ group: x.group, rows: x.rows, amount: Number(x.amount) }));
    expect(norm(bisect.detail.summary!.source.totals)).toEqual(norm(merge.detail.summary!.source.totals));
    expect(norm(bisect.detail.summary!.target.totals)).toEqual(norm(merge.detail.summary!.target.totals));
    expect(bisect.detail.mode).toBe('bisect');
    expect(bisect.detail.bisect!.equalSegments).toBeGreaterThan(0);
    expect(bisect.detail.bisect!.transferred.source).toBeLessThan(ROWS / 2);
  });
});
