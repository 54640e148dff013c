import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { type Row } from '@closewatch/recon/field-mapping';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { type TelemetryDataset } from '@closewatch/contracts/recon';
import { createSideDatabase, type SideDatabase } from '../../../../test/support/recon-fixtures';
import { telemetrySide, telemetryStatement } from './connector-telemetry';
import { cursorRows } from '../../../database/streaming/postgres-cursor';

const HOPS = `create table hops (
  id bigint generated always as identity primary key,
  flow_id text not null, record_key text not null, record_type text, system text not null, stage text not null,
  status text not null, occurred_at timestamptz not null, amount numeric, currency text, entity text, period text,
  data_status text, mapping_version text, batch_id text, trace_id text)`;

const dataset: TelemetryDataset = { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' };
const plan = compileRecon({ key: ['record_key'] } as ReconDefinition);

/** Every row of a side as an object (COPY rows are one reused array, named by columns()). */
async function read(side: SideInput): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of side.rows as AsyncIterable<Row | readonly unknown[]>) {
    if (!Array.isArray(row)) {
      out.push({ ...row });
      continue;
    }
    const names = side.columns!();
    out.push(Object.fromEntries(names.map((n, i) => [n, row[i]])));
  }
  return out;
}

describe('telemetry datasets read through COPY', () => {
  let db: SideDatabase;
  const options = (scope: Record<string, string>, over: { signal?: AbortSignal; statementTimeoutMs?: number; url?: string } = {}) => ({
    url: over.url ?? db.url,
    dataset,
    flow: 'ap',
    scope,
    plan,
    side: 'target' as const,
    fetchRows: 3,
    statementTimeoutMs: over.statementTimeoutMs ?? 30_000,
    signal: over.signal,
  });
  const throughCursor = (scope: Record<string, string>) => {
    const s = telemetryStatement(options(scope));
    return read({ sorted: s.sorted, rows: cursorRows({ url: db.url, text: s.text, values: s.values, fetchRows: 3, statementTimeoutMs: 30_000 }) });
  };

  beforeAll(async () => {
    db = await createSideDatabase('cwtel');
    await db.sql(HOPS);
    const hop = `insert into hops (flow_id, record_key, record_type, system, stage, status, occurred_at, amount, currency, entity, period, data_status, mapping_version, batch_id, trace_id)
      values ($1, $2, 'invoice', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;
    const rows: unknown[][] = [
      ['ap', 'INV-1', 'oracle-fusion', 'posted', 'ok', '2026-11-03T10:15:30.123456Z', '1.10', 'USD', 'US01', '2026-11', 'final', 'v2', 'b-1', 'a'.repeat(32)],
      ['ap', 'INV-2', 'oracle-fusion', 'posted', 'ok', '2026-11-03T23:59:59+05:00', '-0.000001', 'EUR', "O'Neil\\DE", '2026-11', null, null, null, null],
      [
        'ap',
        'INV-3\ttab\nline\\slash é',
        'oracle-fusion',
        'posted',
        'ok',
        '2026-11-04T00:00:00Z',
        '123456789012345678901234.567800',
        null,
        'US01',
        '2026-11',
        'draft',
        'v1',
        'b-2',
        null,
      ],
      ['ap', 'INV-4', 'oracle-fusion', 'posted', 'ok', '2026-11-05T00:00:00Z', null, null, null, null, null, null, null, null],
      ['ap', 'INV-1', 'oracle-fusion', 'posted', 'ok', '2026-11-06T08:00:00Z', '1.1', 'USD', 'US01', '2026-11', 'final', 'v2', 'b-3', null],
      ['ap', 'INV-5', 'oracle-fusion', 'posted', 'ok', '2026-10-31T12:00:00Z', '7', 'USD', 'US01', '2026-10', null, null, null, null],
      // Not in the dataset: another flow, stage, system, a failed hop.
      ['other', 'INV-1', 'oracle-fusion', 'posted', 'ok', '2026-11-03T10:00:00Z', '1', 'USD', 'US01', '2026-11', null, null, null, null],
      ['ap', 'INV-6', 'oracle-fusion', 'emitted', 'ok', '2026-11-03T10:00:00Z', '1', 'USD', 'US01', '2026-11', null, null, null, null],
      ['ap', 'INV-7', 'coupa', 'posted', 'ok', '2026-11-03T10:00:00Z', '1', 'USD', 'US01', '2026-11', null, null, null, null],
      ['ap', 'INV-8', 'oracle-fusion', 'posted', 'error', '2026-11-03T10:00:00Z', '1', 'USD', 'US01', '2026-11', null, null, null, null],
    ];
    for (const r of rows) await db.sql(hop, r);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('hands the engine the same rows as the cursor did: exact decimal text, UTC timestamps as text, nulls, escapes, key order', async () => {
    const side = telemetrySide(options({}));
    expect(side.sorted).toBe(true);
    expect(side.columns).toBeDefined(); // read through COPY
    const rows = await read(side);
    expect(rows).toEqual(await throughCursor({}));
    expect(rows.map((r) => r.record_key)).toEqual(['INV-1', 'INV-1', 'INV-2', 'INV-3\ttab\nline\\slash é', 'INV-4', 'INV-5']);
    expect(rows[0]).toEqual({
      record_key: 'INV-1',
      record_type: 'invoice',
      amount: '1.10',
      currency: 'USD',
      entity: 'US01',
      period: '2026-11',
      occurred_at: '2026-11-03 10:15:30.123456+00',
      data_status: 'final',
      mapping_version: 'v2',
      batch_id: 'b-1',
      trace_id: 'a'.repeat(32),
      system: 'oracle-fusion',
      stage: 'posted',
    });
    expect(rows.map((r) => r.amount)).toEqual(['1.10', '1.1', '-0.000001', '123456789012345678901234.567800', null, '7']);
    expect(rows[2]!.occurred_at).toBe('2026-11-03 18:59:59+00');
  });

  it('narrows by period and entity, with the values inlined as safe literals', async () => {
    const november = await read(telemetrySide(options({ period: '2026-11' })));
    expect(november).toEqual(await throughCursor({ period: '2026-11' }));
    expect(november.map((r) => r.record_key)).toEqual(['INV-1', 'INV-1', 'INV-2', 'INV-3\ttab\nline\\slash é']);

    const quoted = await read(telemetrySide(options({ period: '2026-11', entity: "O'Neil\\DE" })));
    expect(quoted).toEqual(await throughCursor({ period: '2026-11', entity: "O'Neil\\DE" }));
    expect(quoted.map((r) => r.record_key)).toEqual(['INV-2']);

    expect(await read(telemetrySide(options({ entity: "US01' or '1'='1" })))).toEqual([]);
  });

  it('reads through a cursor a value that no statement text can carry, failing as a bind parameter does', async () => {
    const side = telemetrySide(options({ entity: 'US\u000001' }));
    expect(side.columns).toBeUndefined();
    await expect(read(side)).rejects.toThrow(/0x00/);
  });

  it('stops at a cancel and closes its connection', async () => {
    const many = await createSideDatabase('cwtel');
    try {
      await many.sql(HOPS);
      await many.sql(`insert into hops (flow_id, record_key, system, stage, status, occurred_at, amount)
        select 'ap', 'K' || lpad(g::text, 6, '0'), 'oracle-fusion', 'posted', 'ok', now(), g from generate_series(1, 20000) g`);
      const controller = new AbortController();
      const side = telemetrySide(options({}, { url: many.url, signal: controller.signal }));
      const reason = new Error('cancelled by the test');
      let seen = 0;
      const reading = (async () => {
        for await (const row of side.rows as AsyncIterable<unknown>) {
          expect(row).toBeDefined();
          if (++seen === 1) controller.abort(reason);
        }
      })();
      await expect(reading).rejects.toBe(reason);
      expect(seen).toBeLessThan(20000);
      for (;;) {
        const open = await many.sql(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'closewatch-recon-telemetry-target'`,
        );
        if (open[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await many.drop();
    }
  });

  it('is bounded by the statement timeout', async () => {
    const slow = await createSideDatabase('cwtel');
    try {
      await slow.sql(HOPS.replace('create table hops', 'create table hop_rows'));
      await slow.sql(
        `insert into hop_rows (flow_id, record_key, system, stage, status, occurred_at) values ('ap', 'INV-1', 'oracle-fusion', 'posted', 'ok', now())`,
      );
      await slow.sql(`create view hops as select h.* from hop_rows h, pg_sleep(5)`);
      await expect(read(telemetrySide(options({}, { url: slow.url, statementTimeoutMs: 200 })))).rejects.toMatchObject({ code: '57014' });
    } finally {
      await slow.drop();
    }
  });
});
