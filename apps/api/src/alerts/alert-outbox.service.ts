import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { inTransaction } from '../common/transaction-retry';
import { afterCommit, installAfterCommit } from '../common/after-commit';
import { LiveBus } from '../live/live-bus';
import { type AlertNotificationsChangedEvent } from '@closewatch/contracts/alerts';
import { foldTriggerBatches } from './alert-batches';
import { type IncidentChange, type IncidentChangeListener } from '../incidents/incident-changes.port';
import { type PlannedNotification, planIncidentChanges, planTick, silencedBy } from './alert-plan';
import {
  activeSilences,
  allRoutes,
  batchReceivers,
  dueEscalations,
  dueRepeats,
  dueWork,
  groupFlushes,
  incidentFacts,
  incidentRouteKeys,
  incidentSnapshots,
  insertIncidentRoutes,
  insertNotifications,
  lockIncidentsSkip,
  moveEscalations,
  moveRepeats,
  receiverKeys,
  silencedStates,
  statesOf,
  stopEscalation,
  toPlanRoute,
  upsertGroups,
  upsertTriggerBatches,
  writeStates,
} from './alerts.queries';
import { payloadOf, planIncidentOf } from './incident-facts';

/**
 * The alerts outbox. Told of every incident change inside the transaction that makes it (the
 * incidents' IncidentChangeListener port), it plans what to send (alert-plan.ts) and writes the
 * notifications, with their payload, in that same transaction: a committed change has its
 * notifications, a rolled-back one none. `tick(now)` does what time brings (repeats,
 * escalations, silences that ended); the delivery worker sends what is due.
 */
@Injectable()
export class AlertOutboxService implements IncidentChangeListener {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: LiveBus,
  ) {
    installAfterCommit(ds);
  }

  async incidentsChanged(m: EntityManager, changes: readonly IncidentChange[], now: Date): Promise<void> {
    if (!changes.length) return;
    const ids = changes.map((c) => c.id);
    // One connection: statements run one after another.
    const routes = await allRoutes(m);
    const states = await statesOf(m, ids);
    // Nothing routed and nothing sent before: the common case costs two small reads.
    if (!routes.length && !states.length) return;
    const facts = await incidentFacts(m, ids);
    const planRoutes = routes.map(toPlanRoute);
    const plan = planIncidentChanges({
      incidents: facts.map(planIncidentOf),
      states,
      routes: planRoutes,
      silences: await activeSilences(m, now),
      groupFlushes: await groupFlushes(
        m,
        routes.map((r) => r.name),
      ),
      incidentRoutes: await incidentRouteKeys(m, ids),
      now,
    });
    await writeStates(m, plan.states, now);
    await this.writeNotifications(m, plan.notifications, now);
    await insertIncidentRoutes(m, plan.incidentRoutes, now);
    await stopEscalation(m, plan.stopEscalation);
    await upsertGroups(m, [...plan.groups.values()]);
  }

  /**
   * One pass of what time brings, at `now` (tests pass their own): repeats, escalations and
   * triggers held by silences that have ended. Incidents are locked (skipping ones another
   * transaction holds), so a pass and an incident change never plan from the same old state.
   * Answers the notifications written.
   */
  async tick(now = new Date(), limit = 500): Promise<number> {
    return inTransaction(this.ds, async (m) => {
      const candidates = await dueWork(m, now, limit);
      const ids = [...(await lockIncidentsSkip(m, candidates))].sort();
      if (!ids.length) return 0;
      const routes = await allRoutes(m);
      const silences = await activeSilences(m, now);
      const facts = await incidentFacts(m, ids);
      const factsOf = new Map(facts.map((f) => [f.id, planIncidentOf(f).facts]));
      const unsilenced = (await silencedStates(m, ids)).filter((s) => !silencedBy(silences, factsOf.get(s.incidentId)!).length);
      const plan = planTick({
        repeats: await dueRepeats(m, ids, now),
        escalations: (await dueEscalations(m, ids, now)).map((e) => ({
          incidentId: e.incident_id,
          route: e.route,
          incidentStatus: e.status,
          triggeredAt: e.triggered_at,
          step: e.escalation_step,
          facts: factsOf.get(e.incident_id)!,
        })),
        unsilenced,
        routes: new Map(routes.map((r) => [r.name, toPlanRoute(r)])),
        existingReceivers: await receiverKeys(m, ids),
        silences,
        now,
      });
      await moveRepeats(m, plan.repeats);
      await moveEscalations(m, plan.escalations);
      await writeStates(m, plan.states, now);
      await this.writeNotifications(m, plan.notifications, now);
      return plan.notifications.length;
    });
  }

  /**
   * Writes notifications with their incidents' snapshots (grouped triggers to Slack receivers as
   * one batch per group, alert-batches.ts) and announces them once `m`'s transaction commits.
   */
  private async writeNotifications(m: EntityManager, notifications: readonly PlannedNotification[], now: Date): Promise<void> {
    if (!notifications.length) return;
    const snapshots = await incidentSnapshots(m, [...new Set(notifications.map((n) => n.incidentId))]);
    const payloads = new Map(snapshots.map((s) => [s.id, payloadOf(s, this.config.alerts.publicUrl)]));
    const grouped = notifications.filter((n) => n.group).map((n) => n.receiver);
    const slack = await batchReceivers(m, [...new Set(grouped)]);
    const { singles, batches } = foldTriggerBatches(notifications, (r) => slack.has(r));
    const ids = await insertNotifications(m, singles, payloads, now);
    const written = await upsertTriggerBatches(
      m,
      batches.map((b) => ({ ...b, payload: { group: { route: b.route, by: b.group.by }, members: b.incidentIds.map((id) => payloads.get(id)!) } })),
      now,
    );
    const changed: AlertNotificationsChangedEvent['notifications'] = [
      ...singles.map((n, i) => ({ id: ids[i]!, incidentIds: [n.incidentId], receiver: n.receiver, action: n.action, status: n.status })),
      ...written.map((w, i) => ({
        id: w.id,
        incidentIds: w.group_incident_ids ?? [w.incident_id],
        receiver: batches[i]!.receiver,
        action: 'trigger' as const,
        status: 'pending' as const,
      })),
    ];
    afterCommit(m, () => this.bus.publishAlertNotifications({ notifications: changed, at: now.toISOString() }));
  }
}
