import { checkDefinition, pathText } from './definition-check';

const ctx = { csvDir: false, httpHeaderSets: new Set(['erp']) };
const valid = {
  id: 'coupa-oracle-invoices',
  name: 'AP invoices',
  flow: 'coupa-to-oracle-invoices',
  source: { connector: 'postgres', connection: 'coupa', query: 'select inv_no, entity, amount from invoices where period = :period' },
  target: { connector: 'http', url: 'https://erp.example.com/invoices?period=:period', headers: 'erp' },
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [{ source: 'amount', target: 'amt', tolerance: { abs: '0.01' } }],
  scope: { period: '2026-11' },
  schedule: { cron: '0 2 * * *' },
  materiality: { amount: 1000, currency: 'USD' },
};

const fieldsOf = async (body: unknown) => {
  const r = await checkDefinition(body, ctx);
  return r.ok ? [] : r.details.map((d) => d.field);
};

describe(checkDefinition.name, () => {
  it('accepts the documented definition shape and fills in defaults', async () => {
    const r = await checkDefinition(valid, ctx);
    expect(r.ok).toBe(true);
    expect(r.ok && r.definition).toMatchObject({
      enabled: true,
      mode: 'merge',
      description: null,
      schedule: { cron: '0 2 * * *', timezone: 'UTC' },
      materiality: { amount: '1000.00', currency: 'USD' },
    });
    expect(r.ok && r.plan.keys.map((k) => k.target)).toEqual(['doc_ref', 'entity']);
  });

  it('names the path of problems in the envelope and in the engine part together', async () => {
    expect(
      (
        await fieldsOf({
          ...valid,
          id: 'Bad Id',
          unknown: 1,
          compare: [{ source: 'amount', target: 'amt', tolerance: { rel: '-1' } }],
          key: [],
          schedule: { cron: '61 * * * *' },
        })
      ).sort(),
    ).toEqual(['body', 'compare[0].tolerance.rel', 'id', 'key', 'schedule.cron']);
  });

  it('checks what ties the parts together', async () => {
    expect(await fieldsOf({ ...valid, scope: {} })).toEqual(['source.query']);
    expect(await fieldsOf({ ...valid, recordKey: 'amount' })).toEqual(['recordKey']);
    expect(await fieldsOf({ ...valid, mode: 'bisect' })).toEqual(['mode']);
    expect(await fieldsOf({ ...valid, target: { connector: 'http', url: 'https://x/y', headers: 'nope' } })).toEqual(['target.headers']);
    expect(await fieldsOf({ ...valid, target: { connector: 'csv', path: 'a.csv' } })).toEqual(['target.path']);
    expect(await fieldsOf({ ...valid, target: { connector: 'csv', path: 'a.csv', file: '00000000-0000-0000-0000-000000000000' } })).toEqual(['target.path']);
    expect(await fieldsOf({ ...valid, scope: { period: 'last month' } })).toEqual(['scope.period']);
    expect(await fieldsOf({ ...valid, source: { connector: 'postgres', connection: 'coupa', query: 'select $1' } })).toEqual(['source.query']);
  });

  it('rejects a query that is not exactly one read-only statement, naming the field and why', async () => {
    const r = await checkDefinition({ ...valid, source: { ...valid.source, query: 'select 1 ; commit; delete from gl; select 1' } }, ctx);
    expect(r).toEqual({ ok: false, details: [{ field: 'source.query', message: expect.stringMatching(/exactly one statement/) }] });
    expect(await fieldsOf({ ...valid, source: { ...valid.source, query: "select set_config('statement_timeout', '0', false)" } })).toEqual(['source.query']);
  });
});

describe(pathText.name, () => {
  it('writes paths the way the engine does', () => {
    expect(pathText(['compare', 2, 'tolerance', 'rel'])).toBe('compare[2].tolerance.rel');
    expect(pathText(['source', 'query'])).toBe('source.query');
    expect(pathText([])).toBe('');
  });
});
