import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { csvFilePath } from './connector-csv';
import { copyStatement, postgresStatement } from './connector-postgres';
import { telemetryStatement } from './connector-telemetry';

const plan = compileRecon({ key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'] } as ReconDefinition);

describe(postgresStatement.name, () => {
  it('wraps the query, binds the scope and orders by the key in the engine order', () => {
    expect(postgresStatement({ query: 'select * from invoices where period = :period;', scope: { period: '2026-11' }, plan, side: 'target' })).toEqual({
      text: 'select * from (\nselect * from invoices where period = $1\n) as closewatch_q order by ("doc_ref")::text COLLATE "C" ASC NULLS LAST, ("entity")::text COLLATE "C" ASC NULLS LAST',
      values: ['2026-11'],
      sorted: true,
    });
  });

  it('leaves the sorting to the engine when SQL cannot reproduce a mapped key', () => {
    const mapped = compileRecon({ key: ['amount_key'], mappings: { source: [{ from: 'cents', to: 'amount_key', minorUnits: { currencyField: 'ccy' } }] } } as ReconDefinition);
    expect(postgresStatement({ query: 'select 1', scope: {}, plan: mapped, side: 'source' })).toMatchObject({ sorted: false, text: 'select * from (\nselect 1\n) as closewatch_q' });
  });
});

describe(telemetryStatement.name, () => {
  it('selects the flow hops at one stage and system, narrowed by the scope', () => {
    const s = telemetryStatement({ dataset: { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' }, flow: 'f', scope: { period: '2026-11', entity: 'US01', other: 'x' }, plan: compileRecon({ key: ['record_key'] } as ReconDefinition), side: 'target' });
    expect(s.values).toEqual(['f', 'posted', 'oracle-fusion', '2026-11', 'US01']);
    expect(s.text).toContain(`h.flow_id = $1 and h.stage = $2 and h.system = $3 and h.status = 'ok' and h.period = $4 and h.entity = $5`);
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

describe(copyStatement.name, () => {
  const bound = (query: string, scope: Record<string, string>) => postgresStatement({ query, scope, plan, side: 'source' });

  it('inlines the scope values as quoted literals, so that COPY can run the statement', () => {
    const query = "select * from invoices where period = :period and entity = :entity and note <> ':period'";
    const text = copyStatement(query, bound(query, { period: '2026-11', entity: "DE01' or '1'='1" }));
    expect(text).toContain(` where period = '2026-11' and entity = 'DE01'' or ''1''=''1' and note <> ':period'`);
    expect(copyStatement('select 1', bound('select 1', {}))).toBe(bound('select 1', {}).text);
  });

  it('answers null (read through a cursor) when the query itself holds $ and a digit', () => {
    const query = "select '$1' as k, * from invoices where period = :period";
    expect(copyStatement(query, bound(query, { period: '2026-11' }))).toBeNull();
  });
});
