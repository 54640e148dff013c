import { type KeyRange } from '@closewatch/recon/bisect';
import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { type Row } from '@closewatch/recon/field-mapping';
import { createSideDatabase, type SideDatabase } from '../../../../test/support/recon-fixtures';
import { PostgresBisectSide } from './connector-postgres-bisect';
import { checkQuery } from './read-only-query';

const plan = compileRecon({ key: ['k'], compare: ['amount'] } as ReconDefinition);
const QUERY = 'select * from t where e = :entity';

async function all(rows: AsyncIterable<Row> | Iterable<Row>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('checksum-and-bisect leaves read through COPY', () => {
  let db: SideDatabase;
  const sides: PostgresBisectSide[] = [];
  const side = async (entity = "O'Neil\\DE", leavesByCopy = true) => {
    const s = new PostgresBisectSide({
      url: db.url,
      query: await checkQuery(QUERY),
      scope: { entity },
      plan,
      side: 'source',
      fetchRows: 7,
      statementTimeoutMs: 30_000,
      leavesByCopy,
    });
    sides.push(s);
    return s;
  };
  /** The same dataset read through cursors. */
  const throughCursor = () => side(undefined, false);

  beforeAll(async () => {
    db = await createSideDatabase('cwbleaf');
    await db.sql(
      `create table t (k text primary key, e text, amount numeric, n int, big bigint, flag boolean, at timestamptz, d date, u uuid, j jsonb, note text)`,
    );
    await db.sql(
      `insert into t
      select 'K' || lpad(g::text, 5, '0'), $1, (g * 7919 % 100000)::numeric / 1000, g, g::bigint * 10000000000, g % 2 = 0,
             timestamptz '2026-11-01T00:00:00Z' + g * interval '1 second 1 microsecond', date '2026-11-01' + g % 30,
             md5(g::text)::uuid, jsonb_build_object('g', g), case when g % 3 = 0 then null else 'note ' || g end
        from generate_series(1, 3000) g`,
      ["O'Neil\\DE"],
    );
    await db.sql(
      `insert into t values ('K00000\ttab\nline\\slash é', $1, '-0.000100', -1, null, null, '2026-10-31T23:59:59.5+02:00', '2026-10-31', null, '{"a": [1, "x"]}', E'\\\\N'), ('other', 'US01', 1, 1, 1, true, now(), now(), null, null, null)`,
      ["O'Neil\\DE"],
    );
  });

  afterAll(async () => {
    await Promise.all(sides.map((s) => s.close()));
    await db?.drop();
  });

  it('hands over the rows a cursor gives (types, nulls, escapes), in key order, for whole and bounded ranges', async () => {
    const copy = await side();
    const cursor = await throughCursor();
    const ranges: KeyRange[] = [
      { from: null, to: null },
      { from: ['K00000\ttab\nline\\slash é'], to: ['K00003'] },
      { from: ['K01000'], to: ['K01500'] },
      { from: ['K02990'], to: null },
    ];
    for (const range of ranges) {
      const rows = await all(copy.rows(range));
      expect(rows).toEqual(await all(cursor.rows(range)));
      expect(rows.length).toBeGreaterThan(0);
    }
    const first = await all(copy.rows({ from: null, to: ['K00002'] }));
    expect(first).toEqual([
      {
        k: 'K00000\ttab\nline\\slash é',
        e: "O'Neil\\DE",
        amount: '-0.000100',
        n: -1,
        big: null,
        flag: null,
        at: '2026-10-31 21:59:59.5+00',
        d: '2026-10-31',
        u: null,
        j: { a: [1, 'x'] },
        note: '\\N',
      },
      {
        k: 'K00001',
        e: "O'Neil\\DE",
        amount: '7.9190000000000000',
        n: 1,
        big: '10000000000',
        flag: false,
        at: '2026-11-01 00:00:01.000001+00',
        d: '2026-11-02',
        u: 'c4ca4238-a0b9-2382-0dcc-509a6f75849b',
        j: { g: 1 },
        note: 'note 1',
      },
    ]);
    expect((await all(copy.rows({ from: null, to: null }))).length).toBe(3001);
  });

  it('keeps its connection usable after a leaf left early, and closes while one is still running', async () => {
    const s = await side();
    const leaf = s.rows({ from: null, to: null })[Symbol.asyncIterator]();
    expect((await leaf.next()).value).toMatchObject({ k: 'K00000\ttab\nline\\slash é' });
    await leaf.return!(undefined);
    expect(await s.checksum({ from: ['K01000'], to: ['K01010'] })).toMatchObject({ rows: 10, distinctKeys: 10 });
    expect(await all(s.rows({ from: ['K01000'], to: ['K01002'] }))).toMatchObject([{ k: 'K01000' }, { k: 'K01001' }]);

    const open = async () =>
      (
        await db.sql(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'closewatch-recon-bisect-source'`,
        )
      )[0]!.n as number;
    const running = s.rows({ from: null, to: null })[Symbol.asyncIterator]();
    await running.next();
    const before = await open();
    await s.close();
    while ((await open()) !== before - 1) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('stops a leaf at a cancel, the connection still usable', async () => {
    const s = await side();
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    let seen = 0;
    const reading = (async () => {
      for await (const row of s.rows({ from: null, to: null }, controller.signal)) {
        expect(row).toBeDefined();
        if (++seen === 1) controller.abort(reason);
      }
    })();
    await expect(reading).rejects.toBe(reason);
    expect(seen).toBeLessThan(3001);
    expect(await s.checksum({ from: null, to: ['K00011'] })).toMatchObject({ rows: 11 });
  });

  it('reads through a cursor a scope value that no statement text can carry', async () => {
    await expect(all((await side('x\u0000y')).rows({ from: null, to: null }))).rejects.toThrow(/0x00/);
  });
});
