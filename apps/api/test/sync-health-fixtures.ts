import { type FlowDto } from '@closewatch/contracts/catalog';
import { type BusinessEvent, type EventsResponse } from '@closewatch/contracts/events';
import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { type RunReport } from '@closewatch/contracts/runs';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../src/config/config.module';
import { ExceptionsService } from '../src/exceptions/exceptions.service';
import { CatalogService } from '../src/flows/catalog.service';
import { LiveBus } from '../src/live/live-bus';
import { SyncEvaluatorService, type TickReport } from '../src/sync-health/sync-evaluator.service';
import { ReplaysService } from '../src/replays/replays.service';
import { SyncHealthService } from '../src/sync-health/sync-health.service';
import { get } from './telemetry-fixtures';
import { type TestApp } from './test-app';

/**
 * Test data for sync health, sent through the real endpoints: the catalog API for flows, the
 * ingest endpoints for events and runs (with an ingest key), the exceptions API to read what
 * the evaluators reported.
 */
export async function call<T = unknown>(t: TestApp, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function addSystems(t: TestApp, admin: string, ids: string[]): Promise<void> {
  for (const id of ids) {
    const res = await call(t, 'POST', '/api/v1/systems', admin, { id, name: id, kind: 'erp' });
    if (res.status !== 201 && res.status !== 409) throw new Error(`system ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export type FlowInput = Partial<Omit<FlowDto, 'slo'>> & { id: string; slo?: Partial<FlowDto['slo']> };

/** Creates a flow through the catalog API (systems must exist). */
export async function addFlow(t: TestApp, admin: string, f: FlowInput): Promise<FlowDto> {
  const body = {
    name: f.id,
    sourceSystem: 'coupa',
    targetSystem: 'netsuite',
    pattern: 'event',
    workflow: 'procure_to_pay',
    ownerTeam: null,
    alertRoute: null,
    impacts: [],
    boardMetrics: [],
    materiality: null,
    entities: [],
    description: null,
    ...f,
    slo: { maxLagSeconds: 900, scheduleCron: null, scheduleTimezone: 'UTC', graceSeconds: 0, ...f.slo },
  };
  const res = await call<FlowDto>(t, 'POST', '/api/v1/flows', admin, body);
  if (res.status !== 201) throw new Error(`flow ${f.id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let seq = 0;

/** A business event; `at` is the occurrence time. */
export function ev(flow: string, recordKey: string, stage: BusinessEvent['stage'], at: Date, over: Partial<BusinessEvent> = {}): BusinessEvent {
  return { id: `sh-${process.pid}-${++seq}`, flow, recordKey, recordType: 'invoice', stage, system: 'netsuite', occurredAt: at.toISOString(), ...over };
}

export async function sendEvents(t: TestApp, key: string, events: BusinessEvent[]): Promise<EventsResponse> {
  const res = await fetch(`${t.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  const body = (await res.json()) as EventsResponse;
  if (res.status !== 200 || body.rejected.length) throw new Error(`events: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export async function sendRun(t: TestApp, key: string, run: RunReport): Promise<void> {
  const res = await fetch(`${t.url}/api/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(run),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`run: ${res.status} ${await res.text()}`);
}

export function tick(t: TestApp, now?: Date): Promise<TickReport> {
  return t.app.get(SyncEvaluatorService).tick({ now });
}

/** A new evaluator with nothing in memory: what a restarted process (or another replica) runs. */
export function freshEvaluator(t: TestApp): SyncEvaluatorService {
  return new SyncEvaluatorService(
    t.app.get(DataSource),
    t.app.get(CatalogService),
    t.app.get(ExceptionsService),
    t.app.get(SyncHealthService),
    t.app.get(LiveBus),
    t.app.get(ReplaysService),
    t.app.get(APP_CONFIG),
  );
}

/** Exceptions matching the query (every status unless given), oldest first. */
export async function exceptions(t: TestApp, token: string, query: Record<string, string>): Promise<ExceptionDto[]> {
  const qs = new URLSearchParams({ limit: '1000', sort: 'firstSeenAt', ...query });
  const res = await get<Page<ExceptionDto>>(t, `/api/v1/exceptions?${qs}`, token);
  if (res.status !== 200) throw new Error(`exceptions: ${res.status} ${res.text}`);
  return res.body.items;
}

export const secondsAgo = (s: number, from = Date.now()) => new Date(from - s * 1000);
