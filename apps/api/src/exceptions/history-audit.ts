import { type AuditInput, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { type Actor, type HistoryEntry } from './exception-history';

/**
 * The audit entries of transitions Closewatch makes by itself (created, severity_changed,
 * auto_resolved, reopened by a recurrence): one per history entry, actor `system`, with the
 * part of Closewatch that made it (`source`) beside the status, reason and details.
 */
export function systemTransitionAudit(actor: Actor, entries: readonly HistoryEntry[]): AuditInput[] {
  const source = actor.kind === 'system' ? actor.name : null;
  const who = actor.kind === 'user' ? { kind: 'user' as const, id: actor.id, email: actor.email } : SYSTEM_ACTOR;
  return entries.map((e) => ({
    actor: who,
    action: `exception.${e.action}`,
    objectType: 'exception',
    objectId: e.exceptionId,
    before: e.fromStatus === null ? null : { status: e.fromStatus },
    after: { status: e.toStatus, reason: e.reason ?? null, details: e.details ?? null, source },
  }));
}
