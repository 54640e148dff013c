import { type ReconBreak } from '@closewatch/recon/result';
import { createSideDatabase, type SideDatabase } from '../../../test/support/recon-fixtures';
import { RANGE_DEFINITION as definition, RANGE_PLAN as plan, RANGE_SETTINGS as SETTINGS, reconcileInOnePass } from '../../../test/support/range-fixtures';
import { postgresStatement } from '../connectors/postgres/connector-postgres';
import { checkQuerySync, loadQueryParser } from '../connectors/postgres/read-only-query';
import { type PostgresSideSpec, preparePostgresRanges, rangeSides } from './postgres-ranges';
import { reconcileInRanges } from './ranged-reconcile';

/** Keys whose order differs between "C" and linguistic collations: case, accents, punctuation, spaces, non-BMP, private use. */
const KEY = `(array['a', 'A', 'b', 'B', 'é', 'e', 'É', '_x', '-x', ' x', 'ß', 'ss', '😀', U&'\\E000', 'z'])[1 + g % 15] || lpad(g::text, 5, '0')`;

describe('ordering keys by their own collation when an index in it serves, else by "C" (postgres key ranges)', () => {
  let source: SideDatabase;
  let target: SideDatabase;
  const side = (db: SideDatabase, query: string): PostgresSideSpec => ({ url: db.url, query: checkQuerySync(query), scope: {} });
  const sides = (targetTable: string) => ({ source: side(source, 'select * from invoices'), target: side(target, `select * from ${targetTable}`) });

  /** One read of each side, ordered by COLLATE "C" (the path every run took before). */
  const onePass = (targetTable: string) => reconcileInOnePass(sides(targetTable));

  const inRanges = async (targetTable: string) => {
    const s = sides(targetTable);
    const prepared = await preparePostgresRanges({ plan, ...s, parts: 3, statementTimeoutMs: 30_000 });
    if ('whole' in prepared) throw new Error(prepared.whole);
    const breaks: ReconBreak[] = [];
    try {
      const jobs = prepared.ranges.map((range) => ({ definition, ...SETTINGS, range, ...rangeSides(prepared, s.source, s.target) }));
      const summary = await reconcileInRanges({ jobs, onBreaks: async (batch) => void breaks.push(...batch) });
      return { summary, breaks, ownCollation: prepared.ownCollation };
    } finally {
      await prepared.release();
    }
  };

  const fill = (table: string, collation: string, { ordered = true } = {}) =>
    target.sql(`create table ${table} (doc_ref text collate "${collation}", entity text collate "${collation}", amt numeric(12, 2), status text);
      insert into ${table} select * from (
        select ${KEY} as doc_ref, (array['US01', 'DE01'])[1 + g % 2] as entity, case when g % 97 = 1 then g * 1.25 + 3 else g * 1.25 end as amt,
               case when g % 97 = 2 then 'rejected' else 'approved' end as status
          from generate_series(1, 3000) g where g % 97 <> 0
        union all select ${KEY}, (array['US01', 'DE01'])[1 + g % 2], g * 1.25, 'approved' from generate_series(1, 3000) g where g % 97 = 3
        union all values ('', 'US01', 2.5, 'approved'), ('', 'US01', 2.5, 'approved'), (null, 'US01', 9.99, 'approved'), ('ZZZ', 'DE01', 6, 'approved')
      ) r order by ${ordered ? `doc_ref collate "${collation}", entity collate "${collation}"` : "md5(coalesce(doc_ref, '') || entity)"};
      create index on ${table} (doc_ref, entity);
      analyze ${table}`);

  beforeAll(async () => {
    await loadQueryParser();
    source = await createSideDatabase('cwcoll_src');
    target = await createSideDatabase('cwcoll_tgt');
    await source.sql(`create table invoices (inv_no text collate "ucs_basic", entity text collate "ucs_basic", amount numeric(12, 2), status text);
      insert into invoices select * from (
        select ${KEY} as inv_no, (array['US01', 'DE01'])[1 + g % 2] as entity, g * 1.25 as amount, 'approved' as status from generate_series(1, 3000) g
        union all values ('', 'US01', 2.5, 'approved'), (null, 'US01', 9.99, 'approved'), (null, 'US01', 9.99, 'approved')
      ) r order by inv_no collate "C", entity collate "C";
      create index on invoices (inv_no, entity);
      analyze invoices`);
    await fill('ap_postings', 'ucs_basic');
    await fill('ap_icu', 'en-x-icu');
    await fill('ap_shuffled', 'ucs_basic', { ordered: false });
    await target.sql(`create table ap_unindexed as select * from ap_postings; analyze ap_unindexed`);
  });

  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  it('orders by the columns’ collation where it orders as "C" and its index lies in the table’s order, so the index serves', async () => {
    const whole = await onePass('ap_postings');
    expect(whole.breaks.length).toBeGreaterThan(60);
    expect(whole.breaks.filter((b) => b.key.inv_no === '').map((b) => b.type)).toEqual(['duplicate_key']);
    expect(whole.breaks.some((b) => b.key.inv_no === null)).toBe(true);
    const ranged = await inRanges('ap_postings');
    expect(ranged.ownCollation).toEqual({ source: true, target: true });
    expect(ranged.breaks).toEqual(whole.breaks);
    expect(ranged.summary).toEqual(whole.summary);

    const statement = postgresStatement({ ...sides('ap_postings').target, plan, side: 'target', ownCollation: true, range: { from: 'b', to: 'é' } });
    const explained = await target.sql(`explain ${statement.copyText!}`);
    expect(explained.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index (Only )?Scan/);
  });

  it('keeps COLLATE "C" for a key without an index, in a collation that orders otherwise, or whose index is not in the table’s order: the same breaks', async () => {
    const whole = await onePass('ap_postings');
    const expected: Record<string, RegExp> = {
      ap_unindexed: /^doc_ref has no index in its collation pg_catalog.ucs_basic$/,
      ap_icu: /^doc_ref's collation pg_catalog."en-x-icu" does not order strings as "C" does$/,
      ap_shuffled: /^doc_ref's order is not the table's \(pg_stats correlation/,
    };
    for (const [table, why] of Object.entries(expected)) {
      const ranged = await inRanges(table);
      expect(ranged.ownCollation.source).toBe(true);
      expect(ranged.ownCollation.target).toMatch(why);
      expect(ranged.breaks).toEqual(whole.breaks);
      expect(ranged.summary).toEqual(whole.summary);
    }
  });
});
