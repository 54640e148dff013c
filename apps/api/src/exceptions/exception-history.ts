import {
  type ActorDto,
  type ExceptionCommentDto,
  type ExceptionHistoryAction,
  type ExceptionHistoryEntryDto,
  type ExceptionStatus,
} from '@closewatch/contracts/exceptions';

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

export function commentRowToDto(c: { id: string; created_at: Date; author_id: string; author_label: string; text: string }): ExceptionCommentDto {
  return { id: c.id, at: c.created_at.toISOString(), author: { kind: 'user', id: c.author_id, email: c.author_label }, text: c.text };
}
