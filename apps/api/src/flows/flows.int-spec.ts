import { type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { type Page } from '@closewatch/contracts/pagination';
import { startTestApp, type TestApp } from '../../test/test-app';
import { CatalogService } from './catalog.service';

describe('systems and flows API', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let auditor: string;
  let financeOps: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, viewer, auditor, financeOps] = await Promise.all([t.tokenFor('admin'), t.tokenFor('viewer'), t.tokenFor('auditor'), t.tokenFor('finance_ops')]);
  });
  afterAll(() => t.close());

  const call = async <T = unknown>(method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const fieldsOf = (body: unknown) => (body as ApiErrorBody).error.details?.map((d) => d.field) ?? [];

  const flowBody = (over: Record<string, unknown> = {}) => ({
    id: 'netsuite-to-snowflake-journals',
    name: 'Journals to Snowflake',
    sourceSystem: 'netsuite',
    targetSystem: 'snowflake',
    pattern: 'batch',
    workflow: 'record_to_report',
    slo: { maxLagSeconds: 3600, scheduleCron: '30 1 * * *', scheduleTimezone: 'America/New_York', graceSeconds: 600 },
    ownerTeam: 'data-platform',
    alertRoute: 'dp-oncall',
    impacts: ['close', 'board_metric'],
    boardMetrics: ['deferred revenue'],
    materiality: { amount: '50000.00', currency: 'USD' },
    entities: ['US01'],
    description: 'Nightly GL journals export',
    ...over,
  });

  describe('systems', () => {
    it('creates, reads, replaces and lists systems; only admins write', async () => {
      const netsuite = { id: 'netsuite', name: 'NetSuite', kind: 'erp' };
      expect((await call('POST', '/api/v1/systems', financeOps, netsuite)).status).toBe(403);
      const created = await call<SystemDto>('POST', '/api/v1/systems', admin, netsuite);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ ...netsuite, description: null });
      expect((await call('POST', '/api/v1/systems', admin, { id: 'snowflake', name: 'Snowflake', kind: 'warehouse' })).status).toBe(201);
      expect((await call('POST', '/api/v1/systems', admin, { id: 'stripe', name: 'Stripe', kind: 'billing' })).status).toBe(201);

      const got = await call<SystemDto>('GET', '/api/v1/systems/netsuite', viewer);
      expect(got.body.name).toBe('NetSuite');

      const replaced = await call<SystemDto>('PUT', '/api/v1/systems/netsuite', admin, { name: 'Oracle NetSuite', kind: 'erp', description: 'ERP' });
      expect(replaced.status).toBe(200);
      expect((await call<SystemDto>('GET', '/api/v1/systems/netsuite', auditor)).body).toEqual({
        id: 'netsuite',
        name: 'Oracle NetSuite',
        kind: 'erp',
        description: 'ERP',
      });

      const erp = await call<Page<SystemDto>>('GET', '/api/v1/systems?kind=erp', viewer);
      expect(erp.body.items.map((s) => s.id)).toEqual(['netsuite']);
    });

    it('pages systems by id with a cursor', async () => {
      const first = await call<Page<SystemDto>>('GET', '/api/v1/systems?limit=2', viewer);
      expect(first.body.items.map((s) => s.id)).toEqual(['netsuite', 'snowflake']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call<Page<SystemDto>>('GET', `/api/v1/systems?limit=2&cursor=${first.body.nextCursor}`, viewer);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: 'stripe' })], nextCursor: null });
    });

    it('refuses duplicates, bad ids, renames and unknown query parameters', async () => {
      const dup = await call('POST', '/api/v1/systems', admin, { id: 'netsuite', name: 'again', kind: 'erp' });
      expect(dup.status).toBe(409);
      expect(fieldsOf(dup.body)).toEqual(['id']);
      const bad = await call('POST', '/api/v1/systems', admin, { id: 'Net Suite', name: '', kind: 'mainframe' });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body).sort()).toEqual(['id', 'kind', 'name']);
      const rename = await call('PUT', '/api/v1/systems/netsuite', admin, { id: 'ns', name: 'NS', kind: 'erp' });
      expect(rename.status).toBe(400);
      expect(fieldsOf(rename.body)).toEqual(['id']);
      const missing = await call('PUT', '/api/v1/systems/nope', admin, { name: 'Nope', kind: 'erp' });
      expect(missing.status).toBe(404);
      const typo = await call('GET', '/api/v1/systems?knd=erp', viewer);
      expect(typo.status).toBe(400);
      expect(fieldsOf(typo.body)).toEqual(['knd']);
    });
  });

  describe('flows', () => {
    it('creates a flow with every field and answers it back exactly', async () => {
      expect((await call('POST', '/api/v1/flows', financeOps, flowBody())).status).toBe(403);
      expect((await call('POST', '/api/v1/flows', auditor, flowBody())).status).toBe(403);
      const created = await call<FlowDto>('POST', '/api/v1/flows', admin, flowBody());
      expect(created.status).toBe(201);
      const expected = flowBody();
      expect(created.body).toEqual(expected);
      expect((await call<FlowDto>('GET', `/api/v1/flows/${expected.id}`, viewer)).body).toEqual(expected);
      expect(await t.app.get(CatalogService).flow(expected.id)).toEqual(expected);
      expect((await t.app.get(CatalogService).flowIds()).has(expected.id)).toBe(true);
    });

    it('keeps materiality exact through numeric storage', async () => {
      const body = flowBody({
        id: 'stripe-to-netsuite-payments',
        name: 'Stripe payouts to NetSuite',
        description: null,
        sourceSystem: 'stripe',
        targetSystem: 'netsuite',
        pattern: 'event',
        slo: { maxLagSeconds: 120 },
        impacts: ['cash'],
        boardMetrics: [],
        materiality: { amount: '1234567890123.4567', currency: 'EUR' },
        entities: ['DE01', 'FR01'],
      });
      const created = await call<FlowDto>('POST', '/api/v1/flows', admin, body);
      expect(created.status).toBe(201);
      const got = await call<FlowDto>('GET', '/api/v1/flows/stripe-to-netsuite-payments', viewer);
      expect(got.body.materiality).toEqual({ amount: '1234567890123.4567', currency: 'EUR' });
      expect(got.body.slo).toEqual({ maxLagSeconds: 120, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0 });
    });

    it('names the fields of a bad flow and writes nothing', async () => {
      const res = await call(
        'POST',
        '/api/v1/flows',
        admin,
        flowBody({
          id: 'bad-flow',
          pattern: 'batch',
          slo: { maxLagSeconds: -5 },
          impacts: ['board_metric'],
          boardMetrics: [],
          materiality: { amount: '12.5', currency: 'usd' },
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'validation_failed', message: expect.any(String), details: expect.any(Array) } });
      expect(fieldsOf(res.body).sort()).toEqual(['boardMetrics', 'materiality.currency', 'slo.maxLagSeconds', 'slo.scheduleCron']);
      const noCron = await call('POST', '/api/v1/flows', admin, flowBody({ id: 'bad-flow', slo: { maxLagSeconds: 60 } }));
      expect(fieldsOf(noCron.body)).toEqual(['slo.scheduleCron']);
      const noMetric = await call('POST', '/api/v1/flows', admin, flowBody({ id: 'bad-flow', boardMetrics: [] }));
      expect(fieldsOf(noMetric.body)).toEqual(['boardMetrics']);
      expect((await call('GET', '/api/v1/flows/bad-flow', viewer)).status).toBe(404);
    });

    it('refuses unknown source and target systems naming the field, and duplicate ids', async () => {
      const unknown = await call('POST', '/api/v1/flows', admin, flowBody({ id: 'ghost', sourceSystem: 'sap', targetSystem: 'netsuite' }));
      expect(unknown.status).toBe(400);
      expect(fieldsOf(unknown.body)).toEqual(['sourceSystem']);
      const both = await call('PUT', '/api/v1/flows/netsuite-to-snowflake-journals', admin, flowBody({ sourceSystem: 'sap', targetSystem: 'workday' }));
      expect(fieldsOf(both.body)).toEqual(['sourceSystem', 'targetSystem']);
      const dup = await call('POST', '/api/v1/flows', admin, flowBody());
      expect(dup.status).toBe(409);
      expect((dup.body as ApiErrorBody).error.code).toBe('conflict');
    });

    it('replaces a flow with PUT', async () => {
      const res = await call<FlowDto>(
        'PUT',
        '/api/v1/flows/netsuite-to-snowflake-journals',
        admin,
        flowBody({ id: undefined, ownerTeam: 'finance-data', entities: ['US02', 'US01'] }),
      );
      expect(res.status).toBe(200);
      const got = await call<FlowDto>('GET', '/api/v1/flows/netsuite-to-snowflake-journals', viewer);
      expect(got.body.ownerTeam).toBe('finance-data');
      expect(got.body.entities).toEqual(['US01', 'US02']);
      expect((await call('PUT', '/api/v1/flows/netsuite-to-snowflake-journals', financeOps, flowBody())).status).toBe(403);
      expect((await call('PUT', '/api/v1/flows/nope', admin, flowBody({ id: 'nope' }))).status).toBe(404);
    });

    it('filters and pages flows', async () => {
      const ids = async (query: string) => (await call<Page<FlowDto>>('GET', `/api/v1/flows${query}`, viewer)).body.items.map((f) => f.id);
      const all = ['netsuite-to-snowflake-journals', 'stripe-to-netsuite-payments'];
      expect(await ids('')).toEqual(all);
      expect(await ids('?pattern=batch')).toEqual(['netsuite-to-snowflake-journals']);
      expect(await ids('?workflow=order_to_cash')).toEqual([]);
      expect(await ids('?system=netsuite')).toEqual(all);
      expect(await ids('?system=stripe')).toEqual(['stripe-to-netsuite-payments']);
      expect(await ids('?ownerTeam=finance-data')).toEqual(['netsuite-to-snowflake-journals']);
      expect(await ids('?impact=cash')).toEqual(['stripe-to-netsuite-payments']);
      expect(await ids('?entity=FR01')).toEqual(['stripe-to-netsuite-payments']);
      expect(await ids('?q=JOURNALS')).toEqual(['netsuite-to-snowflake-journals']);
      expect(await ids('?q=%25')).toEqual([]);
      const page = await call<Page<FlowDto>>('GET', '/api/v1/flows?limit=1', viewer);
      expect(page.body.items.map((f) => f.id)).toEqual([all[0]]);
      const next = await call<Page<FlowDto>>('GET', `/api/v1/flows?limit=1&cursor=${page.body.nextCursor}`, viewer);
      expect(next.body).toEqual({ items: [expect.objectContaining({ id: all[1] })], nextCursor: null });
      const bad = await call('GET', '/api/v1/flows?pattern=smoke&impact=fun&cursor=zzz', viewer);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body).sort()).toEqual(['impact', 'pattern']);
    });

    it('refuses to delete a system still used by flows, naming them', async () => {
      const res = await call('DELETE', '/api/v1/systems/netsuite', admin);
      expect(res.status).toBe(409);
      expect((res.body as ApiErrorBody).error.message).toContain('netsuite-to-snowflake-journals');
      expect((res.body as ApiErrorBody).error.message).toContain('stripe-to-netsuite-payments');
    });

    it('deletes flows and then systems; only admins may', async () => {
      expect((await call('DELETE', '/api/v1/flows/stripe-to-netsuite-payments', financeOps)).status).toBe(403);
      expect((await call('DELETE', '/api/v1/flows/stripe-to-netsuite-payments', admin)).status).toBe(204);
      expect((await call('GET', '/api/v1/flows/stripe-to-netsuite-payments', viewer)).status).toBe(404);
      expect((await call('DELETE', '/api/v1/flows/stripe-to-netsuite-payments', admin)).status).toBe(404);
      expect(await t.app.get(CatalogService).flow('stripe-to-netsuite-payments')).toBeUndefined();
      expect((await call('DELETE', '/api/v1/systems/stripe', viewer)).status).toBe(403);
      expect((await call('DELETE', '/api/v1/systems/stripe', admin)).status).toBe(204);
      expect((await call('GET', '/api/v1/systems/stripe', viewer)).status).toBe(404);
    });

    it('requires a signed-in user to read', async () => {
      expect((await fetch(`${t.url}/api/v1/flows`)).status).toBe(401);
      expect((await fetch(`${t.url}/api/v1/systems`)).status).toBe(401);
    });
  });
});
