import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { csvFilePath } from './connector-csv';
import { postgresStatement } from './postgres/connector-postgres';
import { telemetryStatement } from './postgres/connector-telemetry';
import { checkQuerySync, loadQueryParser } from './postgres/read-only-query';

beforeAll(() => loadQueryParser());

const plan = compileRecon({ key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'] } as ReconDefinition);

describe(postgresStatement.name, () => {
  it('wraps the query, binds the scope and orders by the key in the engine order', () => {
    const order = ' order by ("doc_ref")::text COLLATE "C" ASC NULLS LAST, ("entity")::text COLLATE "C" ASC NULLS LAST';
    expect(
      postgresStatement({ query: checkQuerySync('select * from invoices where period = :period;'), scope: { period: '2026-11' }, plan, side: 'target' }),
    ).toEqual({
      text: `select * from (\nselect * from invoices where period =  $1 \n) as closewatch_q${order}`,
      values: ['2026-11'],
      sorted: true,
      copyText: `select * from (\nselect * from invoices where period =  '2026-11' \n) as closewatch_q${order}`,
    });
  });

  it('leaves the sorting to the engine when SQL cannot reproduce a mapped key', () => {
    const mapped = compileRecon({
      key: ['amount_key'],
      mappings: { source: [{ from: 'cents', to: 'amount_key', minorUnits: { currencyField: 'ccy' } }] },
    } as ReconDefinition);
    expect(postgresStatement({ query: checkQuerySync('select 1'), scope: {}, plan: mapped, side: 'source' })).toMatchObject({
      sorted: false,
      text: 'select * from (\nselect 1\n) as closewatch_q',
    });
  });
});

describe(telemetryStatement.name, () => {
  it('selects the flow hops at one stage and system, narrowed by the scope', () => {
    const s = telemetryStatement({
      dataset: { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' },
      flow: 'f',
      scope: { period: '2026-11', entity: 'US01', other: 'x' },
      plan: compileRecon({ key: ['record_key'] } as ReconDefinition),
      side: 'target',
    });
    expect(s.values).toEqual(['f', 'posted', 'oracle-fusion', '2026-11', 'US01']);
    expect(s.text).toContain(`h.flow_id = $1 and h.stage = $2 and h.system = $3 and h.period = $4 and h.entity = $5 and h.status = 'ok'`);
    expect(s.copyText).toContain(
      `h.flow_id =  'f'  and h.stage =  'posted'  and h.system =  'oracle-fusion'  and h.period =  '2026-11'  and h.entity =  'US01'  and h.status = 'ok'`,
    );
    expect(s.text).toMatch(/order by \("record_key"\)::text COLLATE "C" ASC NULLS LAST$/);
  });
});

describe(csvFilePath.name, () => {
  const base = { scope: { period: '2026-11' }, csvDir: '/srv/csv', uploadDir: '/data/recon-files' };

  it('resolves paths under the csv directory with the scope filled in, and uploads by id', () => {
    expect(csvFilePath({ ...base, dataset: { connector: 'csv', path: 'ap/invoices-:period.csv' } })).toBe('/srv/csv/ap/invoices-2026-11.csv');
    expect(csvFilePath({ ...base, dataset: { connector: 'csv', file: 'abc' } })).toBe('/data/recon-files/abc.csv');
  });

  it('refuses paths that leave it', () => {
    expect(() => csvFilePath({ ...base, dataset: { connector: 'csv', path: '../etc/passwd' } })).toThrow(/outside CLOSEWATCH_CSV_DIR/);
    expect(() => csvFilePath({ ...base, dataset: { connector: 'csv', path: '/etc/passwd' } })).toThrow(/outside CLOSEWATCH_CSV_DIR/);
    expect(() => csvFilePath({ ...base, scope: { period: '../../x' }, dataset: { connector: 'csv', path: ':period' } })).toThrow(/outside/);
    expect(() => csvFilePath({ ...base, csvDir: undefined, dataset: { connector: 'csv', path: 'a.csv' } })).toThrow(/CLOSEWATCH_CSV_DIR/);
  });
});

describe('postgresStatement copyText', () => {
  const bound = (query: string, scope: Record<string, string>, range?: { from: string | null; to: string | null }) =>
    postgresStatement({ query: checkQuerySync(query), scope, plan, side: 'source', range });

  it('inlines the scope values as quoted literals where the parser found the parameters, so that COPY can run the statement', () => {
    const query = "select * from invoices where period = :period and entity = :entity and note <> ':period' and x <> '$1' /* $2 */ and true";
    const s = bound(query, { period: '2026-11', entity: "DE01' or '1'='1" });
    expect(s.copyText).toContain(` where period =  '2026-11'  and entity =  'DE01'' or ''1''=''1'  and note <> ':period' and x <> '$1' /* $2 */ and true`);
    expect(s.text).toContain(` where period =  $1  and entity =  $2  and note <> ':period' and x <> '$1' /* $2 */ and true`);
  });

  it('places the range bounds as literals too, never by searching the text for $n (a key field may be named a$1)', () => {
    const dollar = compileRecon({ key: ['a$1'] } as ReconDefinition);
    const s = postgresStatement({
      query: checkQuerySync('select 1 as "a$1" where :p is not null'),
      scope: { p: 'x' },
      plan: dollar,
      side: 'source',
      range: { from: 'K"1', to: null },
    });
    expect(s.values).toEqual(['x', 'K"1']);
    expect(s.text).toContain(`("a$1")::text COLLATE "C" >= $2::text`);
    expect(s.copyText).toContain(`("a$1")::text COLLATE "C" >=  'K"1' ::text`);
  });

  it('is null when a value holds a NUL character (read through a cursor)', () => {
    expect(bound('select :p', { p: 'a\u0000b' }).copyText).toBeNull();
    expect(bound('select 1', {}, { from: 'a\u0000', to: null }).copyText).toBeNull();
  });
});
