import { Client } from 'pg';
import { createSideDatabase, type SideDatabase } from '../../../test/support/recon-fixtures';
import { COPY_BATCH_ROWS, copyRows } from './postgres-copy';

/**
 * The COPY reader gives the same values as pg's own query path: short ASCII lines, non-ASCII
 * text, lines of 124 bytes or more (whose message length bytes are not ASCII), escapes, NULLs,
 * and lines cut across the socket's buffers.
 */
describe(copyRows.name, () => {
  let db: SideDatabase;

  beforeAll(async () => {
    db = await createSideDatabase('cw_copy');
    // 30,000 rows of short ASCII lines but for two stretches: rows 10,001-10,300 with accented,
    // CJK and emoji text, 20,001-20,300 lines of 200 characters; every 83rd row has escapes (tab,
    // newline, backslash), every 79th NULLs.
    await db.sql(`
      create table lines as
      select g as n,
             case when g % 79 = 0 then null
                  when g between 10001 and 10300 then 'Écriture-' || g || '-中文-😀'
                  when g between 20001 and 20300 then repeat('x', 200) || g
                  when g % 83 = 0 then E'tab\\there\\nnew\\\\line-' || g
                  else 'K-' || md5(g::text) end as k,
             case when g % 79 = 0 then null else round(g::numeric / 7, 2) end as amount
        from generate_series(1, 30000) g`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reads every line as the query path reads it', async () => {
    const query = 'select n::text, k, amount from lines order by n';
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const expected = (await c.query({ text: query, rowMode: 'array' })).rows as unknown[][];
    await c.end();

    const copy = copyRows({ url: db.url, text: query, batchRows: COPY_BATCH_ROWS, statementTimeoutMs: 30_000 });
    const got: unknown[][] = [];
    for await (const tuple of copy.tuples) got.push([...tuple]);
    expect(copy.columns()).toEqual(['n', 'k', 'amount']);
    expect(got).toHaveLength(30_000);
    expect(got).toEqual(expected);
    expect(got.filter((r) => typeof r[1] === 'string' && [...r[1]].some((ch) => ch.charCodeAt(0) > 127)).length).toBe(296); // 300 less the four NULLs (every 79th row)
  });
});
