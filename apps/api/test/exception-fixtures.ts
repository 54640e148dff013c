import { DataSource } from 'typeorm';
import { type UserDto } from '@closewatch/contracts/roles';
import { type Role } from '@closewatch/contracts/roles';
import { type TestApp } from './test-app';
import { CloseCalendarsService } from '../src/close/close-calendars.service';

/** A signed-in test user: token, id and email. */
export interface TestUser {
  token: string;
  id: string;
  email: string;
  role: Role;
}

export async function signedIn(t: TestApp, role: Role): Promise<TestUser> {
  const token = await t.tokenFor(role);
  const res = await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const me = (await res.json()) as UserDto;
  return { token, id: me.id, email: me.email, role };
}

export interface FlowSeed {
  id: string;
  materiality?: { amount: string; currency: string } | null;
  impacts?: ('close' | 'cash' | 'board_metric')[];
  boardMetrics?: string[];
}

/** Puts flows (and the two systems they connect) straight into the catalog tables. */
export async function seedFlows(t: TestApp, flows: FlowSeed[]): Promise<void> {
  const ds = t.app.get(DataSource);
  await ds.query(`insert into systems (id, name, kind) values ('src', 'Source', 'procurement'), ('tgt', 'Target', 'erp') on conflict do nothing`);
  for (const f of flows) {
    await ds.query(
      `insert into flows (id, name, source_system, target_system, pattern, workflow, max_lag_seconds, impacts, board_metrics, materiality_amount, materiality_currency)
       values ($1, $1, 'src', 'tgt', 'event', 'procure_to_pay', 600, $2, $3, $4, $5)`,
      [f.id, f.impacts ?? [], f.boardMetrics ?? [], f.materiality?.amount ?? null, f.materiality?.currency ?? null],
    );
  }
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small JSON client for one user. */
export function client(t: TestApp, token: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as T) : (text as T);
    return { status: res.status, body: json, headers: res.headers };
  }
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  };
}

export const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

/**
 * A UTC close calendar for `entity` whose close of `period` starts and is due at these instants
 * (a period override).
 */
export async function closeWindowAt(t: TestApp, entity: string, period: string, closeStart: Date | null, deadline: Date): Promise<void> {
  await t.app.get(CloseCalendarsService).put({
    entity,
    timezone: 'UTC',
    workweek: [1, 2, 3, 4, 5],
    holidays: [],
    closeStart: 'WD-2',
    deadline: 'WD+5',
    deadlineTime: '18:00',
    periods: { [period]: { closeStart: closeStart?.toISOString() ?? null, deadline: deadline.toISOString() } },
  });
}

/**
 * A UTC close calendar for `entity` whose close of the month before `deadline` is due at
 * `deadline` (a period override); returns that period.
 */
export async function closeDueAt(t: TestApp, entity: string, deadline: Date): Promise<string> {
  const period = new Date(Date.UTC(deadline.getUTCFullYear(), deadline.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  await closeWindowAt(t, entity, period, null, deadline);
  return period;
}
