import { DataSource } from 'typeorm';
import { api, createFlow, createInvoiceDatabases, invoiceRecon, runRecon, type SideDatabase } from '../../../../test/support/recon-fixtures';
import { startTestApp, type TestApp } from '../../../../test/test-app';
import { ReconWorkerService } from '../../runs/recon-worker.service';

const FLOW = 'coupa-to-oracle-invoices';
const COLUMNS = 'select inv_no, entity, amount, currency, inv_date';

/**
 * A scope value that, spliced as SQL, would close the statement, commit the read-only
 * transaction, delete the source's invoices and open a statement that ends the text validly.
 * It holds no quote, so quoting it as a literal leaves it as it is.
 */
const ESCAPE = 'as s, 1 as e from invoices) a) b; commit; delete from invoices; select * from (select * from (select 1 as inv_no, 1 as entity, ';

/**
 * Queries that a hand-written tokenizer read otherwise than PostgreSQL: each holds `:entity` where
 * the tokenizer saw code and PostgreSQL sees the inside of a string, so an inlined literal there
 * closes that string and the scope value runs as SQL.
 */
const MISREAD = {
  // A -- comment ends at a carriage return too.
  carriageReturn: `${COLUMNS}, 1 as x -- note\r, ' \n, :entity as e -- '\nfrom invoices where period = :period`,
  // With standard_conforming_strings off (the connection's default here), \' does not end a string.
  conformingStrings: `${COLUMNS}, '\\' as x, :entity as e -- '\nfrom invoices where period = :period`,
  // é$$ is an identifier, not the start of a dollar quote.
  dollarAfterLetter: `${COLUMNS}, 1 as é$$, ' as x$$, :entity as e -- '\nfrom invoices where period = :period`,
  // éE'…' is a type name and a plain string, not an E'…' string with backslash escapes.
  escapeAfterLetter: `${COLUMNS}, éE'\\' as x, ' as y, :entity as e -- '\nfrom invoices where period = :period`,
};

describe('reconciliation queries: one read-only statement, scope values never SQL', () => {
  let t: TestApp;
  let source: SideDatabase;
  let target: SideDatabase;
  let admin: ReturnType<typeof api>;
  let worker: ReconWorkerService;

  const invoices = async () => ((await source.sql('select count(*)::int as n from invoices'))[0] as { n: number }).n;
  const runOnce = (reconId: string, body?: unknown) => runRecon(admin, worker, reconId, body);

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_RECON_RETRIES: '0' });
    worker = t.app.get(ReconWorkerService);
    ({ source, target } = await createInvoiceDatabases('cwsql'));
    await source.sql(`create domain "ée" as text`);
    const token = await t.tokenFor('admin');
    admin = api(t, token);
    await createFlow(t, token, FLOW, 900);
    expect((await admin.post('/api/v1/connections', { name: 'coupa', kind: 'postgres', url: source.url })).status).toBe(201);
    expect((await admin.post('/api/v1/connections', { name: 'erp', kind: 'postgres', url: target.url })).status).toBe(201);
    const legacy = new URL(source.url);
    legacy.searchParams.set('options', '-c standard_conforming_strings=off');
    expect((await admin.post('/api/v1/connections', { name: 'legacy', kind: 'postgres', url: legacy.toString() })).status).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
    await source?.drop();
    await target?.drop();
  });

  it('rejects at save a query of several statements or one that ends its transaction, naming the field', async () => {
    const several = await admin.post<{ error: { code: string; details: { field: string; message: string }[] } }>(
      '/api/v1/recons',
      invoiceRecon(FLOW, { source: { connector: 'postgres', connection: 'coupa', query: 'select 1 ; commit; delete from invoices; select 1' } }),
    );
    expect(several.status).toBe(400);
    expect(several.body.error.details).toEqual([{ field: 'source.query', message: expect.stringContaining('must be exactly one statement, not 4') }]);

    const commit = await admin.post<{ error: { details: { field: string; message: string }[] } }>(
      '/api/v1/recons',
      invoiceRecon(FLOW, { target: { connector: 'postgres', connection: 'erp', query: 'commit; delete from ap_postings' } }),
    );
    expect(commit.status).toBe(400);
    expect(commit.body.error.details).toEqual([{ field: 'target.query', message: expect.stringContaining('must be exactly one statement, not 2') }]);

    expect((await admin.post('/api/v1/recons', invoiceRecon(FLOW))).status).toBe(201);
    const replaced = await admin.put<{ error: { details: { field: string; message: string }[] } }>(
      '/api/v1/recons/coupa-oracle-invoices',
      invoiceRecon(FLOW, {
        source: {
          connector: 'postgres',
          connection: 'coupa',
          query: `${COLUMNS} from invoices where period = :period and set_config('statement_timeout', '0', false) <> ''`,
        },
      }),
    );
    expect(replaced.status).toBe(400);
    expect(replaced.body.error.details).toEqual([{ field: 'source.query', message: expect.stringContaining('set_config') }]);
    expect(await invoices()).toBe(10);
  });

  it('fails at run time a stored query that is not one read-only statement, having written nothing', async () => {
    expect((await admin.post('/api/v1/recons', invoiceRecon(FLOW, { id: 'stored-before' }))).status).toBe(201);
    // As a definition stored before queries were checked at save.
    await t.app
      .get(DataSource)
      .query(`update recon_definitions set definition = jsonb_set(definition, '{source,query}', to_jsonb($1::text)) where id = 'stored-before'`, [
        `${COLUMNS} from invoices where period = :period; commit; delete from invoices; select 1`,
      ]);
    const run = await runOnce('stored-before');
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({
      code: 'invalid_query',
      message: expect.stringMatching(/^the source query must be exactly one statement, not 4/),
      retryable: false,
    });
    expect(await invoices()).toBe(10);
  });

  it.each(Object.entries(MISREAD))('never runs a scope value as SQL (%s)', async (name, query) => {
    const id = `misread-${name.toLowerCase()}`;
    const connection = name === 'conformingStrings' ? 'legacy' : 'coupa';
    const created = await admin.post(
      '/api/v1/recons',
      invoiceRecon(FLOW, { id, source: { connector: 'postgres', connection, query }, scope: { period: '2026-11', entity: 'US01' } }),
    );
    expect(created.status).toBe(201);
    const run = await runOnce(id, { scope: { entity: ESCAPE } });
    expect(await invoices()).toBe(10);
    expect(run.status).toBe('succeeded');
    if (name === 'conformingStrings') expect(run.summary).toMatchObject({ source: { rows: 9 } });
  });
});
