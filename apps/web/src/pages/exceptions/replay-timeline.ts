import { type ExceptionHistoryEntryDto } from '@closewatch/contracts/exceptions';
import { type ReplayRequestDto } from '@closewatch/contracts/replays';
import { actorLabel } from '../../format/actor';
import { historyTitle, statusChange } from './history-text';

/** One line of an exception's timeline: a change of the exception, or a step of a replay of its record. */
export interface TimelineItem {
  key: string;
  at: string;
  /** `history-<action>` or `replay-<step>`: the item's kind for styling and tests. */
  kind: string;
  title: string;
  who: string;
  chip: string | null;
  reason: string | null;
}

const OUTCOME_TITLE = {
  succeeded: 'Replay succeeded: the record was posted again',
  failed: 'Replay failed',
  expired: 'Replay expired: nothing came back in time',
};

/** The steps of one replay request in order: asked (and approved or rejected), sent, its outcome. */
export function replaySteps(r: ReplayRequestDto): TimelineItem[] {
  const id = r.id.slice(0, 8);
  const steps: TimelineItem[] = [
    {
      key: `${r.id}-requested`,
      at: r.requestedAt,
      kind: 'replay-requested',
      title: r.approval ? `Replay ${id} requested in a bulk replay (needs a second person's approval)` : `Replay ${id} requested`,
      who: r.requestedBy.email,
      chip: null,
      reason: r.note,
    },
  ];
  if (r.approval?.decision && r.approval.decidedAt) {
    steps.push({
      key: `${r.id}-${r.approval.decision}`,
      at: r.approval.decidedAt,
      kind: `replay-${r.approval.decision}`,
      title: r.approval.decision === 'approved' ? `Replay ${id} approved` : `Replay ${id} rejected: nothing was sent`,
      who: r.approval.decidedBy?.email ?? 'Closewatch',
      chip: null,
      reason: null,
    });
  }
  if (r.sentAt) {
    steps.push({
      key: `${r.id}-sent`,
      at: r.sentAt,
      kind: 'replay-sent',
      title: `Replay ${id} accepted by ${r.receiver}`,
      who: 'Closewatch',
      chip: null,
      reason: null,
    });
  }
  if (r.outcome) {
    steps.push({
      key: `${r.id}-${r.outcome.status}`,
      at: r.outcome.at,
      kind: `replay-${r.outcome.status}`,
      title: `${OUTCOME_TITLE[r.outcome.status]} (${id})`,
      who: r.outcome.source === 'middleware' ? r.receiver : 'Closewatch',
      chip: null,
      reason: r.outcome.message,
    });
  }
  return steps;
}

/** The exception's history and the steps of its replays, oldest first (ties keep history first). */
export function exceptionTimeline(history: readonly ExceptionHistoryEntryDto[], replays: readonly ReplayRequestDto[]): TimelineItem[] {
  const items: TimelineItem[] = history.map((h) => ({
    key: `h-${h.id}`,
    at: h.at,
    kind: `history-${h.action}`,
    title: historyTitle(h),
    who: actorLabel(h.actor),
    chip: statusChange(h),
    reason: h.reason,
  }));
  const steps = replays.flatMap(replaySteps);
  return [...items, ...steps]
    .map((item, order) => ({ item, order }))
    .sort((a, b) => Date.parse(a.item.at) - Date.parse(b.item.at) || a.order - b.order)
    .map((x) => x.item);
}
