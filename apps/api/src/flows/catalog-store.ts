import { type EntityManager } from 'typeorm';
import { type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { queryRecords } from '../common/query-records';
import { toFlowDto, toSystemDto } from './catalog-mappers';
import { FlowEntity } from './flow.entity';
import { SystemEntity } from './system.entity';

/**
 * The catalog's SQL, shared by the CRUD services and the document import so both write the
 * same way. Every function runs on the EntityManager of an open transaction.
 */

/** Serialises catalog writes across all API replicas until the transaction ends. */
export async function lockCatalog(m: EntityManager): Promise<void> {
  await m.query(`select pg_advisory_xact_lock(hashtext('closewatch:catalog'))`);
}

export interface CatalogRows {
  systems: SystemDto[];
  flows: FlowDto[];
}

export async function readCatalog(m: EntityManager): Promise<CatalogRows> {
  const [systems, flows] = [
    await m.getRepository(SystemEntity).find({ order: { id: 'ASC' } }),
    await m.getRepository(FlowEntity).find({ order: { id: 'ASC' } }),
  ];
  return { systems: systems.map(toSystemDto), flows: flows.map(toFlowDto) };
}

const records = queryRecords;

const SYSTEM_COLUMNS = 'id, name, kind, description';
const systemParams = (s: SystemDto) => [s.id, s.name, s.kind, s.description];

/** Inserts the system; false when the id is taken. */
export async function insertSystem(m: EntityManager, s: SystemDto): Promise<boolean> {
  const rows = await records(m, `insert into systems (${SYSTEM_COLUMNS}) values ($1, $2, $3, $4) on conflict (id) do nothing returning id`, systemParams(s));
  return rows.length === 1;
}

/** Replaces the system's fields; false when there is no such system. */
export async function updateSystem(m: EntityManager, s: SystemDto): Promise<boolean> {
  const rows = await records(m, `update systems set name = $2, kind = $3, description = $4, updated_at = now() where id = $1 returning id`, systemParams(s));
  return rows.length === 1;
}

export async function upsertSystem(m: EntityManager, s: SystemDto): Promise<void> {
  await records(
    m,
    `insert into systems (${SYSTEM_COLUMNS}) values ($1, $2, $3, $4)
     on conflict (id) do update set name = excluded.name, kind = excluded.kind, description = excluded.description, updated_at = now()`,
    systemParams(s),
  );
}

export async function deleteSystem(m: EntityManager, id: string): Promise<boolean> {
  return (await records(m, `delete from systems where id = $1 returning id`, [id])).length === 1;
}

/** Flows that read from or write to this system, by id. */
export async function flowsUsingSystem(m: EntityManager, id: string): Promise<string[]> {
  const rows = await records<{ id: string }>(m, `select id from flows where source_system = $1 or target_system = $1 order by id`, [id]);
  return rows.map((r) => r.id);
}

export async function existingSystemIds(m: EntityManager, ids: string[]): Promise<Set<string>> {
  const rows = await records<{ id: string }>(m, `select id from systems where id = any($1::text[])`, [ids]);
  return new Set(rows.map((r) => r.id));
}

const FLOW_COLUMNS = [
  'id',
  'name',
  'source_system',
  'target_system',
  'pattern',
  'workflow',
  'max_lag_seconds',
  'schedule_cron',
  'schedule_timezone',
  'grace_seconds',
  'max_silence_seconds',
  'owner_team',
  'alert_route',
  'runbooks',
  'replay',
  'impacts',
  'board_metrics',
  'materiality_amount',
  'materiality_currency',
  'entities',
  'description',
] as const;
const FLOW_VALUES = FLOW_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
const FLOW_SET = FLOW_COLUMNS.slice(1)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

function flowParams(f: FlowDto): unknown[] {
  return [
    f.id,
    f.name,
    f.sourceSystem,
    f.targetSystem,
    f.pattern,
    f.workflow,
    f.slo.maxLagSeconds,
    f.slo.scheduleCron,
    f.slo.scheduleTimezone,
    f.slo.graceSeconds,
    f.slo.maxSilenceSeconds ?? null,
    f.ownerTeam,
    f.alertRoute,
    f.runbooks ? JSON.stringify(f.runbooks) : null,
    f.replay ? JSON.stringify(f.replay) : null,
    f.impacts,
    f.boardMetrics,
    f.materiality?.amount ?? null,
    f.materiality?.currency ?? null,
    f.entities,
    f.description,
  ];
}

export async function insertFlow(m: EntityManager, f: FlowDto): Promise<boolean> {
  const rows = await records(
    m,
    `insert into flows (${FLOW_COLUMNS.join(', ')}) values (${FLOW_VALUES}) on conflict (id) do nothing returning id`,
    flowParams(f),
  );
  return rows.length === 1;
}

export async function updateFlow(m: EntityManager, f: FlowDto): Promise<boolean> {
  const set = FLOW_COLUMNS.slice(1)
    .map((c, i) => `${c} = $${i + 2}`)
    .join(', ');
  return (await records(m, `update flows set ${set}, updated_at = now() where id = $1 returning id`, flowParams(f))).length === 1;
}

export async function upsertFlow(m: EntityManager, f: FlowDto): Promise<void> {
  await records(
    m,
    `insert into flows (${FLOW_COLUMNS.join(', ')}) values (${FLOW_VALUES}) on conflict (id) do update set ${FLOW_SET}, updated_at = now()`,
    flowParams(f),
  );
}

export async function deleteFlow(m: EntityManager, id: string): Promise<boolean> {
  return (await records(m, `delete from flows where id = $1 returning id`, [id])).length === 1;
}
