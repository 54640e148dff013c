import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type ExceptionStatus, type ExceptionType, SEVERITIES, type Severity } from '@closewatch/contracts/exceptions';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { type IncidentCandidate, incidentGroupOf, incidentStatusOf, incidentTitle, pickIncident } from './incident-grouping';

/** A newly created exception to place in an incident. */
export interface NewExceptionForIncident {
  id: string;
  flow: string;
  type: ExceptionType;
  cause: string | null;
  entity: string | null;
  period: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Severity ranks as stored in exceptions.severity_rank (4 critical … 1 low). */
const severityOfRank = (rank: number): Severity => SEVERITIES[4 - rank] ?? 'low';

/**
 * The write side of incidents, always inside the caller's transaction: places new exceptions in
 * incidents (same group within the window, CLOSEWATCH_INCIDENT_GROUP_BY and
 * CLOSEWATCH_INCIDENT_WINDOW_MINUTES) and re-derives incidents from their exceptions after any
 * change. Groups are serialised with a transaction-scoped advisory lock, so concurrent intakes
 * of the same group never open two incidents.
 */
@Injectable()
export class IncidentGroupingService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Places the exceptions in incidents (creating them as needed); answers the incident ids
   * touched, which the caller refreshes (with any others its change touched) before commit.
   */
  async assign(m: EntityManager, exceptions: readonly NewExceptionForIncident[]): Promise<string[]> {
    if (!exceptions.length) return [];
    const windowMs = this.config.incidentWindowMinutes * 60_000;
    const groups = new Map<string, { group: ReturnType<typeof incidentGroupOf>; members: NewExceptionForIncident[] }>();
    for (const e of exceptions) {
      const group = incidentGroupOf(e, this.config.incidentGroupBy);
      const entry = groups.get(group.key) ?? { group, members: [] };
      entry.members.push(e);
      groups.set(group.key, entry);
    }
    const touched = new Set<string>();
    for (const key of [...groups.keys()].sort()) {
      const { group, members } = groups.get(key)!;
      await m.query(`select pg_advisory_xact_lock(hashtextextended($1, 3417))`, [`incident:${key}`]);
      members.sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
      const earliest = members[0]!.firstSeenAt;
      const latest = members.reduce((t, e) => (e.lastSeenAt > t ? e.lastSeenAt : t), earliest);
      const rows: { id: string; first_seen_at: Date; last_seen_at: Date }[] = await m.query(
        `select id, first_seen_at, last_seen_at from incidents
          where group_key = $1 and last_seen_at >= $2 and first_seen_at <= $3
          order by last_seen_at desc limit 50`,
        [key, new Date(earliest.getTime() - windowMs), new Date(latest.getTime() + windowMs)],
      );
      const candidates: IncidentCandidate[] = rows.map((r) => ({ id: r.id, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at }));
      const placement = new Map<string, string[]>();
      for (const e of members) {
        let id = pickIncident(candidates, e.firstSeenAt, windowMs);
        if (id === null) {
          const created: { id: string }[] = await m.query(
            `insert into incidents (group_key, flow_id, cause, exception_type, entity, period, title, status, severity, first_seen_at, last_seen_at)
             values ($1, $2, $3, $4, $5, $6, $7, 'open', 'low', $8, $9) returning id`,
            [key, group.flow, group.cause, group.type, group.entity, group.period, incidentTitle(group, e.type), e.firstSeenAt, e.lastSeenAt],
          );
          id = created[0]!.id;
          candidates.push({ id, firstSeenAt: e.firstSeenAt, lastSeenAt: e.lastSeenAt });
        } else {
          const c = candidates.find((x) => x.id === id)!;
          if (e.firstSeenAt < c.firstSeenAt) c.firstSeenAt = e.firstSeenAt;
          if (e.lastSeenAt > c.lastSeenAt) c.lastSeenAt = e.lastSeenAt;
        }
        placement.set(id, [...(placement.get(id) ?? []), e.id]);
      }
      for (const [incidentId, ids] of placement) {
        await m.query(`update exceptions set incident_id = $1 where id = any($2::uuid[])`, [incidentId, ids]);
        touched.add(incidentId);
      }
    }
    return [...touched];
  }

  /**
   * Re-derives incidents from their exceptions: counts, occurrences, first and last seen,
   * severity (the highest of the unresolved exceptions, else of all) and status (open while any
   * exception is open, acknowledged while unresolved ones are all acknowledged, resolved when
   * all are resolved or dismissed). Locks the incidents in id order first, so concurrent
   * refreshes serialise and the last one sees every committed change.
   */
  async refresh(m: EntityManager, incidentIds: readonly (string | null)[]): Promise<void> {
    const ids = [...new Set(incidentIds.filter((x): x is string => x !== null))].sort();
    if (!ids.length) return;
    const locked: { id: string; status: string; resolved_at: Date | null }[] = await m.query(
      `select id, status, resolved_at from incidents where id = any($1::uuid[]) order by id for no key update`,
      [ids],
    );
    const aggregates: {
      incident_id: string;
      open: number;
      acknowledged: number;
      resolved: number;
      dismissed: number;
      occurrences: string;
      first_seen_at: Date;
      last_seen_at: Date;
      unresolved_rank: number | null;
      any_rank: number;
      last_closed_at: Date | null;
    }[] = await m.query(
      `select incident_id,
              count(*) filter (where status = 'open')::int as open,
              count(*) filter (where status = 'acknowledged')::int as acknowledged,
              count(*) filter (where status = 'resolved')::int as resolved,
              count(*) filter (where status = 'dismissed')::int as dismissed,
              sum(occurrences)::text as occurrences,
              min(first_seen_at) as first_seen_at, max(last_seen_at) as last_seen_at,
              max(severity_rank) filter (where status in ('open', 'acknowledged')) as unresolved_rank,
              max(severity_rank) as any_rank,
              max(closed_at) as last_closed_at
         from exceptions where incident_id = any($1::uuid[]) group by incident_id`,
      [ids],
    );
    const now = new Date();
    const updates = aggregates.map((a) => {
      const counts: Partial<Record<ExceptionStatus, number>> = { open: a.open, acknowledged: a.acknowledged, resolved: a.resolved, dismissed: a.dismissed };
      const status = incidentStatusOf(counts);
      const before = locked.find((l) => l.id === a.incident_id);
      const resolvedAt = status !== 'resolved' ? null : before?.status === 'resolved' && before.resolved_at ? before.resolved_at : (a.last_closed_at ?? now);
      return {
        id: a.incident_id,
        status,
        severity: severityOfRank(a.unresolved_rank ?? a.any_rank),
        exception_count: a.open + a.acknowledged + a.resolved + a.dismissed,
        unresolved_count: a.open + a.acknowledged,
        occurrences: a.occurrences,
        first_seen_at: a.first_seen_at.toISOString(),
        last_seen_at: a.last_seen_at.toISOString(),
        resolved_at: resolvedAt?.toISOString() ?? null,
      };
    });
    if (!updates.length) return;
    await m.query(
      `update incidents i set status = u.status, severity = u.severity, exception_count = u.exception_count,
              unresolved_count = u.unresolved_count, occurrences = u.occurrences::bigint,
              first_seen_at = u.first_seen_at::timestamptz, last_seen_at = u.last_seen_at::timestamptz,
              resolved_at = u.resolved_at::timestamptz, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as u(id uuid, status text, severity text, exception_count int, unresolved_count int,
              occurrences text, first_seen_at text, last_seen_at text, resolved_at text)
        where i.id = u.id`,
      [JSON.stringify(updates)],
    );
  }
}
