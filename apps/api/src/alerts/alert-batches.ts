import { type PlannedNotification } from './alert-plan';

/** A route group's first triggers to one receiver with one flush time: written as one notification. */
export interface TriggerBatch {
  receiver: string;
  route: string;
  groupKey: string;
  group: NonNullable<PlannedNotification['group']>;
  dueAt: Date;
  /** In plan order; the first is the notification's own incident. */
  incidentIds: string[];
}

/**
 * Folds grouped triggers to receivers that take batches (Slack-compatible ones: PagerDuty keeps
 * one dedup key per incident and the webhook body names one incident, docs/alerts.md) into one
 * batch per receiver, group and flush time; everything else stays one notification per
 * incident. Batches come sorted by receiver, route, group and time, the order their rows are
 * locked in, so two transactions joining the same batches never wait on each other in a cycle.
 */
export function foldTriggerBatches(
  notifications: readonly PlannedNotification[],
  takesBatches: (receiver: string) => boolean,
): { singles: PlannedNotification[]; batches: TriggerBatch[] } {
  const singles: PlannedNotification[] = [];
  const batches = new Map<string, TriggerBatch>();
  for (const n of notifications) {
    if (!n.group || n.action !== 'trigger' || n.status !== 'pending' || !takesBatches(n.receiver)) {
      singles.push(n);
      continue;
    }
    const id = JSON.stringify([n.receiver, n.route, n.group.key, n.dueAt.toISOString()]);
    const batch = batches.get(id);
    if (batch) batch.incidentIds.push(n.incidentId);
    else batches.set(id, { receiver: n.receiver, route: n.route, groupKey: n.group.key, group: n.group, dueAt: n.dueAt, incidentIds: [n.incidentId] });
  }
  return { singles, batches: [...batches.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b) };
}
