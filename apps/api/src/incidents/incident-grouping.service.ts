import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { type ExceptionToPlace, type IncidentGrouping, type Placement } from '../exceptions/incident-grouping.port';
import { INCIDENT_CHANGE_LISTENER, type IncidentChangeListener } from './incident-changes.port';
import { deriveIncident } from './incident-derivation';
import { type IncidentCandidate } from './incident-grouping';
import { groupsToPlace, groupWindows, planPlacement } from './incident-placement';
import { incidentAggregates, insertIncidents, lockIncidentGroups, lockIncidents, recentIncidents, updateIncidents } from './incidents.queries';

/**
 * The write side of incidents (the exceptions' IncidentGrouping port), always inside the
 * caller's transaction: places new exceptions in incidents (same group within the window,
 * CLOSEWATCH_INCIDENT_GROUP_BY and CLOSEWATCH_INCIDENT_WINDOW_MINUTES) and re-derives incidents
 * from their exceptions after any change. Groups are serialised with a transaction-scoped
 * advisory lock, so concurrent intakes of the same group never open two incidents.
 */
@Injectable()
export class IncidentGroupingService implements IncidentGrouping {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(INCIDENT_CHANGE_LISTENER) private readonly listener?: IncidentChangeListener,
  ) {}

  /**
   * Places new exceptions in incidents before they are written (so each row is written once,
   * with its incident), creating incidents as needed. A constant number of statements for the
   * whole batch: the groups' advisory locks (in key order), the recent incidents of every group,
   * and one insert of the incidents created. The caller writes the exceptions with their
   * incident ids and then refreshes the incidents touched, before commit.
   */
  async place(m: EntityManager, exceptions: readonly ExceptionToPlace[]): Promise<Placement> {
    if (!exceptions.length) return { incidentOf: new Map(), incidentIds: [] };
    const windowMs = this.config.incidentWindowMinutes * 60_000;
    const groups = groupsToPlace(exceptions, this.config.incidentGroupBy);
    await lockIncidentGroups(m, [...groups.keys()]);
    const recent = new Map<string, IncidentCandidate[]>();
    for (const r of await recentIncidents(m, groupWindows(groups, windowMs))) {
      const list = recent.get(r.group_key) ?? [];
      list.push({ id: r.id, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at });
      recent.set(r.group_key, list);
    }
    const plan = planPlacement(groups, recent, windowMs, randomUUID);
    await insertIncidents(m, plan.created);
    return { incidentOf: plan.incidentOf, incidentIds: plan.incidentIds };
  }

  /**
   * Re-derives incidents from their exceptions (incident-derivation.ts). Locks the incidents in
   * id order first, so concurrent refreshes serialise and the last one sees every committed change;
   * then tells the change listener (the alerts outbox), still in the caller's transaction.
   */
  async refresh(m: EntityManager, incidentIds: readonly (string | null)[]): Promise<void> {
    const ids = [...new Set(incidentIds.filter((x): x is string => x !== null))].sort();
    if (!ids.length) return;
    const locked = await lockIncidents(m, ids);
    const aggregates = await incidentAggregates(m, ids);
    const now = new Date();
    const derived = aggregates.map((a) =>
      deriveIncident(
        a,
        locked.find((l) => l.id === a.incident_id),
        now,
      ),
    );
    await updateIncidents(m, derived);
    await this.listener?.incidentsChanged(
      m,
      derived.map((d) => ({ id: d.id, status: d.status })),
      now,
    );
  }
}
