import { type ReconBreak } from '@closewatch/recon/result';
import { createSideDatabase, type SideDatabase } from '../../../test/support/recon-fixtures';
import { RANGE_DEFINITION as definition, RANGE_PLAN as plan, RANGE_SETTINGS as SETTINGS, reconcileInOnePass } from '../../../test/support/range-fixtures';
import { type PostgresSideSpec, type PreparedRanges, preparePostgresRanges, rangeSides } from './postgres-ranges';
import { type RangeJob } from './range-messages';
import { reconcileInRanges } from './ranged-reconcile';
import { checkQuerySync, loadQueryParser } from '../connectors/postgres/read-only-query';
import { ReconRunFailure } from '../runs/run-failure';

describe('reconciling a postgres-to-postgres run in key ranges (worker threads)', () => {
  let source: SideDatabase;
  let target: SideDatabase;
  const side = (db: SideDatabase, query: string): PostgresSideSpec => ({ url: db.url, query: checkQuerySync(query), scope: { period: '2026-11' } });
  const sides = (targetQuery = 'select * from ap_postings where period = :period') => ({
    source: side(source, 'select * from invoices where period = :period'),
    target: side(target, targetQuery),
  });
  const prepare = async (parts: number, s = sides()) => {
    const prepared = await preparePostgresRanges({ plan, ...s, parts, statementTimeoutMs: 30_000 });
    if ('whole' in prepared) throw new Error(prepared.whole);
    return prepared;
  };
  const jobs = (prepared: PreparedRanges, s = sides(), over: Partial<RangeJob> = {}): RangeJob[] =>
    prepared.ranges.map((range) => ({
      definition,
      ...SETTINGS,
      range,
      ...rangeSides(prepared, s.source, s.target),
      ...over,
    }));
  const inRanges = async (
    prepared: PreparedRanges,
    o: { maxHeldBreaks?: number; s?: ReturnType<typeof sides>; signal?: AbortSignal; over?: Partial<RangeJob> } = {},
  ) => {
    const breaks: ReconBreak[] = [];
    const progress: number[] = [];
    try {
      const summary = await reconcileInRanges({
        jobs: jobs(prepared, o.s, o.over),
        onBreaks: async (batch) => {
          breaks.push(...batch);
          await new Promise((r) => setTimeout(r, 2));
        },
        onProgress: (p) => progress.push(p.source + p.target),
        maxHeldBreaks: o.maxHeldBreaks,
        signal: o.signal,
      });
      return { summary, breaks, progress };
    } finally {
      await prepared.release();
    }
  };
  const onePass = () => reconcileInOnePass(sides());

  /** The sessions still reading a side database (the server drops one soon after its client went). */
  const readers = async () => {
    for (let tries = 0; ; tries++) {
      const rows = await source.sql(`select count(*)::int as n from pg_stat_activity where datname in ($1, $2) and application_name like 'closewatch-recon%'`, [
        source.name,
        target.name,
      ]);
      const n = rows[0]!.n as number;
      if (n === 0 || tries === 50) return n;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    await loadQueryParser();
    source = await createSideDatabase('cwrng_src');
    target = await createSideDatabase('cwrng_tgt');
    await source.sql(`create table invoices (inv_no text, entity text, amount numeric(12, 2), status text, period text)`);
    await source.sql(`insert into invoices select 'INV-' || lpad(g::text, 5, '0'), (array['US01', 'DE01'])[1 + g % 2], g * 1.25, 'approved', '2026-11'
                        from generate_series(1, 3000) g`);
    await source.sql(`insert into invoices values (null, 'US01', 9.99, 'approved', '2026-11'), ('INV-00100', 'XX01', 1, 'approved', '2026-10')`);
    await target.sql(`create table ap_postings (doc_ref text, entity text, amt numeric(12, 2), status text, period text)`);
    // A break every 97 keys, of each kind in turn; keys before and after all of the source's.
    await target.sql(`insert into ap_postings
      select 'INV-' || lpad(g::text, 5, '0'), (array['US01', 'DE01'])[1 + g % 2], case when g % 97 = 1 then g * 1.25 + 3 else g * 1.25 end,
             case when g % 97 = 2 then 'rejected' else 'approved' end, '2026-11'
        from generate_series(1, 3000) g where g % 97 <> 0
      union all select 'INV-' || lpad(g::text, 5, '0'), (array['US01', 'DE01'])[1 + g % 2], g * 1.25, 'approved', '2026-11' from generate_series(1, 3000) g where g % 97 = 3
      union all values ('A-1', 'US01', 5, 'approved', '2026-11'), ('ZZZ', 'DE01', 6, 'approved', '2026-11'), (null, 'US01', 9.99, 'approved', '2026-11')`);
  });

  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  it('reads each side whole, saying why, without statistics on a source key column or with one thread', async () => {
    expect(await preparePostgresRanges({ plan, ...sides(), parts: 2, statementTimeoutMs: 30_000 })).toEqual({
      whole: expect.stringContaining('no histogram of inv_no in pg_stats'),
    });
    await source.sql('analyze invoices');
    expect(await preparePostgresRanges({ plan, ...sides(), parts: 1, statementTimeoutMs: 30_000 })).toEqual({ whole: 'CLOSEWATCH_RECON_THREADS is 1' });
    const computed = sides();
    computed.source.query = checkQuerySync(`select inv_no || '' as inv_no, entity, amount, status from invoices where period = :period`);
    expect(await preparePostgresRanges({ plan, ...computed, parts: 2, statementTimeoutMs: 30_000 })).toEqual({
      whole: "the source's first key (inv_no) is not a column of a table",
    });
  });

  it('finds exactly the breaks and totals of one pass, in key order, with split keys duplicated and mismatched', async () => {
    const probe = await prepare(3);
    await probe.release();
    const splits = probe.ranges.slice(1).map((r) => r.from!);
    expect(splits).toHaveLength(2);
    expect(probe.ranges[0]).toEqual({ from: null, to: splits[0] });
    expect(probe.ranges[2]).toEqual({ from: splits[1], to: null });
    // The keys the ranges are split at: one posted twice, one with another amount.
    await target.sql(`insert into ap_postings select doc_ref, entity, amt, status, period from ap_postings where doc_ref = $1`, [splits[0]]);
    await target.sql(`update ap_postings set amt = amt + 1 where doc_ref = $1`, [splits[1]]);

    const whole = await onePass();
    expect(whole.breaks.length).toBeGreaterThan(60);
    expect(whole.breaks.filter((b) => b.key.inv_no === splits[0]).map((b) => b.type)).toEqual(['duplicate_key']);
    expect(whole.breaks.filter((b) => b.key.inv_no === splits[1]).map((b) => b.type)).toEqual(['amount_mismatch']);

    // Few breaks held for ranges ahead: the later ranges wait for the first ones.
    for (const maxHeldBreaks of [0, 100_000]) {
      const ranged = await inRanges(await prepare(3), { maxHeldBreaks });
      expect(ranged.breaks).toEqual(whole.breaks);
      expect(ranged.summary).toEqual(whole.summary);
      expect(ranged.progress[ranged.progress.length - 1]).toBe(whole.summary.source.rows + whole.summary.target.rows);
    }
  });

  it('reads the ranges of a query holding $1 in a string and a comment through COPY, its parameters placed by the parser', async () => {
    const whole = await onePass();
    const dollars = sides("select * from ap_postings where period = :period and '$1' <> ':period' /* not $1 */");
    const ranged = await inRanges(await prepare(2, dollars), { s: dollars });
    expect(ranged.summary).toEqual(whole.summary);
    expect(ranged.breaks).toEqual(whole.breaks);
  });

  it('reads every range of a side as of one snapshot: rows written after the run began are not in it', async () => {
    const whole = await onePass();
    const prepared = await prepare(2);
    await source.sql(`insert into invoices values ('INV-00001-late', 'US01', 1, 'approved', '2026-11'), ('INV-99999', 'DE01', 1, 'approved', '2026-11')`);
    try {
      const ranged = await inRanges(prepared);
      expect(ranged.summary).toEqual(whole.summary);
      expect(ranged.breaks).toEqual(whole.breaks);
    } finally {
      await source.sql(`delete from invoices where inv_no in ('INV-00001-late', 'INV-99999')`);
    }
  });

  it('fails the run when one range fails, with the reason, and stops the others', async () => {
    const prepared = await prepare(2);
    const last = prepared.ranges[1]!.from!;
    // Only the second range's query sleeps past the statement timeout.
    const slow = sides(`select *, case when doc_ref = '${last}' then (select 1 from pg_sleep(5)) end as nap from ap_postings where period = :period`);
    const failed = inRanges(prepared, { s: slow, over: { statementTimeoutMs: 1000 } });
    await expect(failed).rejects.toBeInstanceOf(ReconRunFailure);
    await expect(failed).rejects.toMatchObject({ code: 'statement_timeout', retryable: true });
    expect(await readers()).toBe(0);
  });

  it('stops every range when the run is aborted, failing with the reason given', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by a test');
    const prepared = await prepare(2);
    const slow = sides(`select *, length(pg_sleep(0.001)::text) as nap from ap_postings where period = :period`);
    const running = inRanges(prepared, { s: slow, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 300);
    await expect(running).rejects.toBe(reason);
    expect(await readers()).toBe(0);
  });
});
