import { Client } from 'pg';
import { type ReconRunDto } from '@closewatch/contracts/recon';
import { adminQuery, TEST_ENV, uniqueName, withDatabase } from './test-database';

/**
 * Test helpers for reconciliation: real PostgreSQL databases on the test server as source and
 * target datasets, and a small JSON client. They reach the API over HTTP only (a server is its
 * address), so the black-box e2e specs share them with the integration specs.
 */
export interface HttpServer {
  url: string;
}

export interface SideDatabase {
  name: string;
  url: string;
  /** Runs SQL in this database. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function createSideDatabase(prefix: string): Promise<SideDatabase> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  if (!adminUrl) throw new Error('test database is not set up: run through jest (global setup)');
  const name = uniqueName(prefix);
  await adminQuery(adminUrl, `create database "${name}"`);
  const url = withDatabase(adminUrl, name);
  return {
    name,
    url,
    async sql(text, values) {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(text, values)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
    drop: () => adminQuery(adminUrl, `drop database if exists "${name}" with (force)`),
  };
}

/**
 * The invoices both reconciliation tiers run on, in two side databases: Coupa invoices (source)
 * and Oracle AP postings (target). November holds known breaks (INV-002 and INV-006..008 missing
 * in the target, INV-003 a different amount, INV-004 booked 8 days later, INV-005 posted twice,
 * INV-099 only in the target, INV-009 within the amount tolerance); October has one row a side.
 */
export async function createInvoiceDatabases(prefix: string): Promise<{ source: SideDatabase; target: SideDatabase }> {
  const source = await createSideDatabase(`${prefix}_src`);
  const target = await createSideDatabase(`${prefix}_tgt`);
  await source.sql(`create table invoices (inv_no text, entity text, amount numeric(12, 2), currency text, inv_date date, period text)`);
  await source.sql(`insert into invoices values
    ('INV-001', 'US01', 100.00, 'USD', '2026-11-02', '2026-11'),
    ('INV-002', 'US01', 250.00, 'USD', '2026-11-03', '2026-11'),
    ('INV-003', 'DE01', 75.50, 'EUR', '2026-11-04', '2026-11'),
    ('INV-004', 'US01', 10.00, 'USD', '2026-11-01', '2026-11'),
    ('INV-005', 'US01', 500.00, 'USD', '2026-11-05', '2026-11'),
    ('INV-006', 'US01', 20.00, 'USD', '2026-11-06', '2026-11'),
    ('INV-007', 'US01', 30.00, 'USD', '2026-11-07', '2026-11'),
    ('INV-008', 'US01', 40.00, 'USD', '2026-11-08', '2026-11'),
    ('INV-009', 'US01', 40.00, 'USD', '2026-11-09', '2026-11'),
    ('INV-900', 'US01', 1.00, 'USD', '2026-10-09', '2026-10')`);
  await target.sql(`create table ap_postings (doc_ref text, bu text, amt numeric(12, 2), cur text, gl_date timestamptz, period text)`);
  await target.sql(`insert into ap_postings values
    ('INV-001', 'US01', 100.00, 'USD', '2026-11-03 09:00Z', '2026-11'),
    ('INV-003', 'DE01', 80.50, 'EUR', '2026-11-04 09:00Z', '2026-11'),
    ('INV-004', 'US01', 10.00, 'USD', '2026-11-09 09:00Z', '2026-11'),
    ('INV-005', 'US01', 500.00, 'USD', '2026-11-05 09:00Z', '2026-11'),
    ('INV-005', 'US01', 500.00, 'USD', '2026-11-05 09:05Z', '2026-11'),
    ('INV-009', 'US01', 40.01, 'USD', '2026-11-09 10:00Z', '2026-11'),
    ('INV-099', 'US01', 999.00, 'USD', '2026-11-09 10:00Z', '2026-11'),
    ('INV-900', 'US01', 2.00, 'USD', '2026-10-09 10:00Z', '2026-10')`);
  return { source, target };
}

/**
 * How invoices (inv_no, entity, amount, currency, inv_date) match postings (doc_ref, entity, amt,
 * cur, gl_date): key, compared fields with tolerances, totals.
 */
export const INVOICE_MATCHING = {
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [
    { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
    { source: 'currency', target: 'cur' },
    { source: 'inv_date', target: 'gl_date', tolerance: { days: 3 } },
  ],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }, 'entity'] },
};

/** The reconciliation of those invoices (connections `coupa` and `erp`), as POST /api/v1/recons takes it. */
export function invoiceRecon(flow: string, over: Record<string, unknown> = {}) {
  return {
    id: 'coupa-oracle-invoices',
    name: 'AP invoices: Coupa vs Oracle',
    flow,
    source: { connector: 'postgres', connection: 'coupa', query: 'select inv_no, entity, amount, currency, inv_date from invoices where period = :period' },
    target: { connector: 'postgres', connection: 'erp', query: 'select doc_ref, bu as entity, amt, cur, gl_date from ap_postings where period = :period' },
    ...INVOICE_MATCHING,
    scope: { period: '2026-11' },
    schedule: { cron: '0 2 * * *', timezone: 'UTC' },
    materiality: { amount: '1000.00', currency: 'USD' },
    ...over,
  };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export function api(t: HttpServer, token: string) {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const raw = typeof body === 'string';
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T, text };
  }
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    put: <T = unknown>(path: string, body: unknown) => call<T>('PUT', path, body),
    delete: <T = unknown>(path: string) => call<T>('DELETE', path),
  };
}

/** Polls a run over the API until it has ended (a worker in the server's process runs it); returns it. */
export async function finishedRun(client: ReturnType<typeof api>, runId: string): Promise<ReconRunDto> {
  for (let tries = 0; ; tries++) {
    const run = (await client.get<ReconRunDto>(`/api/v1/recon-runs/${runId}`)).body;
    if (run.status !== 'queued' && run.status !== 'running') return run;
    if (tries > 600) throw new Error(`run ${runId} is still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A catalog flow (and its two systems) through the catalog API. */
/** Starts a run of a definition (with the run request's body), lets the worker run the queue dry, and returns the run. */
export async function runRecon(admin: ReturnType<typeof api>, worker: { drain(): Promise<unknown> }, reconId: string, body?: unknown): Promise<ReconRunDto> {
  const started = await admin.post<{ runId: string }>(`/api/v1/recons/${reconId}/runs`, body);
  if (started.status !== 202) throw new Error(`starting a run of ${reconId}: ${started.status} ${started.text}`);
  await worker.drain();
  return (await admin.get<ReconRunDto>(`/api/v1/recon-runs/${started.body.runId}`)).body;
}

export async function createFlow(
  t: HttpServer,
  adminToken: string,
  id: string,
  maxLagSeconds = 900,
  materiality = { amount: '10000.00', currency: 'USD' },
): Promise<void> {
  const a = api(t, adminToken);
  for (const s of ['coupa', 'oracle-fusion']) {
    const r = await a.post('/api/v1/systems', { id: s, name: s, kind: s === 'coupa' ? 'procurement' : 'erp' });
    if (r.status !== 201 && r.status !== 409) throw new Error(`system ${s}: ${r.status} ${r.text}`);
  }
  const r = await a.post('/api/v1/flows', {
    id,
    name: id,
    sourceSystem: 'coupa',
    targetSystem: 'oracle-fusion',
    pattern: 'api',
    workflow: 'procure_to_pay',
    slo: { maxLagSeconds },
    impacts: ['close', 'cash'],
    materiality,
    entities: ['US01', 'DE01'],
  });
  if (r.status !== 201) throw new Error(`flow ${id}: ${r.status} ${r.text}`);
}
