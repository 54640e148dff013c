import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type ExceptionStatus, type ExceptionType, SEVERITIES, type Severity } from '@closewatch/contracts/exceptions';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { type IncidentCandidate, incidentGroupOf, incidentStatusOf, incidentTitle, pickIncident } from './incident-grouping';

/** A new exception, about to be written, to place in an incident. */
export interface ExceptionToPlace {
  /** The caller's handle for it (the fingerprint). */
  ref: string;
  flow: string;
  type: ExceptionType;
  cause: string | null;
  entity: string | null;
  period: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Where each exception goes (ref → incident id) and the incidents it touches (created ones included). */
export interface Placement {
  incidentOf: Map<string, string>;
  incidentIds: string[];
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
   * Places new exceptions in incidents before they are written (so each row is written once,
   * with its incident), creating incidents as needed. A constant number of statements for the
   * whole batch: the groups' advisory locks (in key order), the recent incidents of every group,
   * and one insert of the incidents created. The caller writes the exceptions with their
   * incident ids and then refreshes the incidents touched, before commit.
   */
  async place(m: EntityManager, exceptions: readonly ExceptionToPlace[]): Promise<Placement> {
    const incidentOf = new Map<string, string>();
    if (!exceptions.length) return { incidentOf, incidentIds: [] };
    const windowMs = this.config.incidentWindowMinutes * 60_000;
    const groups = new Map<string, { group: ReturnType<typeof incidentGroupOf>; members: ExceptionToPlace[] }>();
    for (const e of exceptions) {
      const group = incidentGroupOf(e, this.config.incidentGroupBy);
      const entry = groups.get(group.key) ?? { group, members: [] };
      entry.members.push(e);
      groups.set(group.key, entry);
    }
    const keys = [...groups.keys()].sort();
    await m.query(
      `select pg_advisory_xact_lock(hashtextextended('incident:' || k, 3417)) from (select k from unnest($1::text[]) with ordinality as u(k, n) order by n) s`,
      [keys],
    );
    const windows = keys.map((key) => {
      const members = groups.get(key)!.members.sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
      const latest = members.reduce((t, e) => (e.lastSeenAt > t ? e.lastSeenAt : t), members[0]!.firstSeenAt);
      return { key, lo: new Date(members[0]!.firstSeenAt.getTime() - windowMs).toISOString(), hi: new Date(latest.getTime() + windowMs).toISOString() };
    });
    const recent: { group_key: string; id: string; first_seen_at: Date; last_seen_at: Date }[] = await m.query(
      `select w.key as group_key, i.id, i.first_seen_at, i.last_seen_at
         from jsonb_to_recordset($1::jsonb) as w(key text, lo timestamptz, hi timestamptz)
         cross join lateral (
           select id, first_seen_at, last_seen_at from incidents
            where group_key = w.key and last_seen_at >= w.lo and first_seen_at <= w.hi
            order by last_seen_at desc limit 50) i`,
      [JSON.stringify(windows)],
    );
    const candidatesOf = new Map<string, IncidentCandidate[]>();
    for (const r of recent) {
      const list = candidatesOf.get(r.group_key) ?? [];
      list.push({ id: r.id, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at });
      candidatesOf.set(r.group_key, list);
    }
    const created: Record<string, string | null>[] = [];
    const touched = new Set<string>();
    for (const key of keys) {
      const { group, members } = groups.get(key)!;
      const candidates = candidatesOf.get(key) ?? [];
      for (const e of members) {
        let id = pickIncident(candidates, e.firstSeenAt, windowMs);
        if (id === null) {
          id = randomUUID();
          created.push({
            id,
            group_key: key,
            flow_id: group.flow,
            cause: group.cause,
            exception_type: group.type,
            entity: group.entity,
            period: group.period,
            title: incidentTitle(group, e.type),
            first_seen_at: e.firstSeenAt.toISOString(),
            last_seen_at: e.lastSeenAt.toISOString(),
          });
          candidates.push({ id, firstSeenAt: e.firstSeenAt, lastSeenAt: e.lastSeenAt });
        } else {
          const c = candidates.find((x) => x.id === id)!;
          if (e.firstSeenAt < c.firstSeenAt) c.firstSeenAt = e.firstSeenAt;
          if (e.lastSeenAt > c.lastSeenAt) c.lastSeenAt = e.lastSeenAt;
        }
        incidentOf.set(e.ref, id);
        touched.add(id);
      }
    }
    if (created.length) {
      await m.query(
        `insert into incidents (id, group_key, flow_id, cause, exception_type, entity, period, title, status, severity, first_seen_at, last_seen_at)
         select x.id, x.group_key, x.flow_id, x.cause, x.exception_type, x.entity, x.period, x.title, 'open', 'low', x.first_seen_at, x.last_seen_at
           from jsonb_to_recordset($1::jsonb) as x(id uuid, group_key text, flow_id text, cause text, exception_type text, entity text, period text,
                title text, first_seen_at timestamptz, last_seen_at timestamptz)`,
        [JSON.stringify(created)],
      );
    }
    return { incidentOf, incidentIds: [...touched] };
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
