import { Client } from 'pg';
import { adminQuery, TEST_ENV, uniqueName, withDatabase } from '../../../e2e/support/test-database';
import { type TestApp } from './test-app';

/**
 * Test helpers for reconciliation: real PostgreSQL databases on the test server as source and
 * target datasets, and a small JSON client.
 */
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

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export function api(t: TestApp, token: string) {
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

/** A catalog flow (and its two systems) through the catalog API. */
export async function createFlow(t: TestApp, adminToken: string, id: string, maxLagSeconds = 900, materiality = { amount: '10000.00', currency: 'USD' }): Promise<void> {
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
