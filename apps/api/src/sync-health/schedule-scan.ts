import { Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { expectedSlots } from './expected-slots';
import { missedSlotItems, type OutboxItem } from './sync-findings';

/** Expected slots checked per flow and entity and evaluation at most; the rest come at the next one. */
export const SLOTS_PER_SERIES_PER_TICK = 2000;

const logger = new Logger('sync-health');

interface Series {
  flow: FlowDto;
  /** '' when the flow lists no entities */
  entity: string;
  after: Date;
  until: Date;
  slots: Date[];
}

/**
 * Expected runs of scheduled flows, per entity where the flow lists entities: every slot of the
 * flow's cron (in its time zone) whose grace period has passed since the last evaluation (or,
 * the first time, since the flow was created, at most `lookbackMs` back) is matched with the
 * first run report of the flow (and entity, or without entity) that started within
 * [slot, slot + grace]. Slots without one are `missed_run` findings; each slot's outcome is
 * kept (sync_run_slots) and the evaluated time persisted, so nothing is checked twice.
 */
export async function scanSchedules(m: EntityManager, flows: readonly FlowDto[], now: Date, lookbackMs: number): Promise<OutboxItem[]> {
  const scheduled = flows.filter((f) => f.slo.scheduleCron);
  if (!scheduled.length) return [];
  const ids = scheduled.map((f) => f.id);
  const created: { id: string; created_at: Date }[] = await m.query(`select id, created_at from flows where id = any($1::text[])`, [ids]);
  const createdAt = new Map(created.map((c) => [c.id, c.created_at]));
  const cursors: { flow_id: string; entity: string; evaluated_until: Date }[] = await m.query(
    `select flow_id, entity, evaluated_until from sync_schedule_cursors where flow_id = any($1::text[]) for update`,
    [ids],
  );
  const cursorOf = new Map(cursors.map((c) => [`${c.flow_id}\u0000${c.entity}`, c.evaluated_until]));

  const series: Series[] = [];
  for (const flow of scheduled) {
    const until = new Date(now.getTime() - flow.slo.graceSeconds * 1000);
    const firstFrom = new Date(Math.max(now.getTime() - lookbackMs, (createdAt.get(flow.id) ?? now).getTime()));
    for (const entity of flow.entities.length ? flow.entities : ['']) {
      const after = cursorOf.get(`${flow.id}\u0000${entity}`) ?? firstFrom;
      try {
        const range = expectedSlots(flow.slo.scheduleCron!, flow.slo.scheduleTimezone, after, until, SLOTS_PER_SERIES_PER_TICK);
        if (range.evaluatedUntil.getTime() > after.getTime() || !cursorOf.has(`${flow.id}\u0000${entity}`)) {
          series.push({ flow, entity, after, until: range.evaluatedUntil, slots: range.slots });
        }
      } catch (err) {
        logger.warn({ msg: 'schedule of flow cannot be evaluated', flow: flow.id, cron: flow.slo.scheduleCron, error: String(err) });
      }
    }
  }
  if (!series.length) return [];

  const slotRows = series.flatMap((s) => s.slots.map((slot) => ({ s, slot })));
  const missed: { flow_id: string; entity: string; slot_at: Date; late_success: boolean }[] = slotRows.length
    ? await m.query(
        `with s as (select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[]) as s(flow_id, entity, slot_at, grace)),
         found as (
           select s.flow_id, s.entity, s.slot_at, s.grace, r.run_id, r.started_at,
                  exists (select 1 from runs l
                           where l.flow_id = s.flow_id and l.status = 'succeeded'
                             and l.started_at > s.slot_at + make_interval(secs => s.grace)
                             and (s.entity = '' or l.entity is null or l.entity = s.entity)) as late_success
             from s left join lateral (
               select r.run_id, r.started_at from runs r
                where r.flow_id = s.flow_id and r.started_at >= s.slot_at and r.started_at <= s.slot_at + make_interval(secs => s.grace)
                  and (s.entity = '' or r.entity is null or r.entity = s.entity)
                order by r.started_at, r.id
                limit 1) r on true
         ),
         ins as (
           insert into sync_run_slots (flow_id, entity, slot_at, outcome, run_id, run_started_at, evaluated_at)
           select flow_id, entity, slot_at, case when run_id is null then 'missed' else 'ran' end, run_id, started_at, $5 from found
           on conflict on constraint sync_run_slots_pkey do nothing
           returning flow_id, entity, slot_at, outcome
         )
         select f.flow_id, f.entity, f.slot_at, f.late_success
           from found f join ins i on i.flow_id = f.flow_id and i.entity = f.entity and i.slot_at = f.slot_at
          where i.outcome = 'missed'
          order by f.slot_at, f.flow_id, f.entity`,
        [slotRows.map((r) => r.s.flow.id), slotRows.map((r) => r.s.entity), slotRows.map((r) => r.slot), slotRows.map((r) => r.s.flow.slo.graceSeconds), now],
      )
    : [];

  await m.query(
    `insert into sync_schedule_cursors as c (flow_id, entity, evaluated_until, updated_at)
     select flow_id, entity, until, $4 from unnest($1::text[], $2::text[], $3::timestamptz[]) as s(flow_id, entity, until)
     on conflict on constraint sync_schedule_cursors_pkey do update set evaluated_until = excluded.evaluated_until, updated_at = excluded.updated_at`,
    [series.map((s) => s.flow.id), series.map((s) => s.entity), series.map((s) => s.until), now],
  );

  const flowById = new Map(scheduled.map((f) => [f.id, f]));
  return missed.flatMap((r) => {
    const flow = flowById.get(r.flow_id)!;
    return missedSlotItems(
      {
        flowId: r.flow_id,
        entity: r.entity || null,
        slot: r.slot_at,
        graceSeconds: flow.slo.graceSeconds,
        cron: flow.slo.scheduleCron!,
        timezone: flow.slo.scheduleTimezone,
        lateSuccess: r.late_success,
      },
      now,
    );
  });
}
