import fc from 'fast-check';
import { Client } from 'pg';
import { createTestDatabase } from '../../test/support/test-database';
import { csvCell } from './csv';

/** `closewatch_csv_cell` (migration CsvCellFunction) writes every text as csvCell does, so exports written by PostgreSQL read as the others. */
describe('closewatch_csv_cell', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const inSql = async (values: readonly (string | null)[]) =>
    (
      await client.query<{ cell: string }>(`select closewatch_csv_cell(v) as cell from unnest($1::text[]) with ordinality as t(v, n) order by n`, [values])
    ).rows.map((r) => r.cell);

  it('agrees with csvCell on the cases that matter', async () => {
    const cases = [
      null,
      '',
      'plain',
      'a,b',
      'say "hi"',
      'two\nlines',
      'cr\r',
      '=SUM(A1)',
      '+1',
      '-12.50',
      '-12.5e3',
      '@user',
      '\tx',
      '-',
      '=a,"b"',
      '{"a": 1}',
      'ünïcødé €',
    ];
    expect(await inSql(cases)).toEqual(cases.map(csvCell));
  });

  it('agrees with csvCell on any text', async () => {
    // PostgreSQL text holds no NUL.
    const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[=+\-@\t\r",\n0-9.a ]{0,8}$/)).map((s) => s.replace(/\0/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text), { maxLength: 50 }), async (values) => {
        expect(await inSql(values)).toEqual(values.map(csvCell));
      }),
      { numRuns: 100 },
    );
  });
});
