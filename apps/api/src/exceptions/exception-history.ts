import { type EntityManager } from 'typeorm';
import { type ActorDto, type ExceptionHistoryAction, type ExceptionHistoryEntryDto, type ExceptionStatus } from '@closewatch/contracts/exceptions';

/** Who acts: a signed-in user (id and email) or a part of Closewatch (its name). */
export type Actor = { kind: 'user'; id: string; email: string } | { kind: 'system'; name: string };

export interface HistoryEntry {
  exceptionId: string;
  action: ExceptionHistoryAction;
  fromStatus: ExceptionStatus | null;
  toStatus: ExceptionStatus;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

/** Appends transitions to the history (one statement for any number of them). */
export async function appendHistory(m: EntityManager, actor: Actor, at: Date, entries: readonly HistoryEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({
    exception_id: e.exceptionId,
    action: e.action,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    reason: e.reason ?? null,
    details: e.details ?? null,
  }));
  await m.query(
    `insert into exception_history (exception_id, at, action, actor_id, actor_label, from_status, to_status, reason, details)
     select h.exception_id, $2, h.action, $3, $4, h.from_status, h.to_status, h.reason, h.details
       from jsonb_to_recordset($1::jsonb) as h(exception_id uuid, action text, from_status text, to_status text, reason text, details jsonb)`,
    [JSON.stringify(rows), at, actor.kind === 'user' ? actor.id : null, actor.kind === 'user' ? actor.email : actor.name],
  );
}

export interface HistoryRow {
  id: string;
  at: Date;
  action: ExceptionHistoryAction;
  actor_id: string | null;
  actor_label: string;
  from_status: ExceptionStatus | null;
  to_status: ExceptionStatus;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export function actorOf(id: string | null, label: string): ActorDto {
  return id ? { kind: 'user', id, email: label } : { kind: 'system', name: label };
}

export function historyRowToDto(r: HistoryRow): ExceptionHistoryEntryDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    action: r.action,
    actor: actorOf(r.actor_id, r.actor_label),
    fromStatus: r.from_status,
    toStatus: r.to_status,
    reason: r.reason,
    details: r.details,
  };
}
