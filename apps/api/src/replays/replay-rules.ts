import { type ReplayStatus, type ReplayWebhookBody } from '@closewatch/contracts/replays';

/** The hop attribute a replayed record's hops carry to name the replay request that caused them. */
export const REPLAY_ID_ATTRIBUTE = 'finance.replay.id';

/** What decides whether an exception can be replayed. */
export interface ReplayCandidate {
  id: string;
  type: string;
  status: string;
  flow_id: string;
  record_key: string | null;
  /** A request already waiting for this exception's outcome. */
  active_request_id: string | null;
}

/** Why an exception cannot be replayed (a sentence for the 409), or null when it can. */
export function whyNotReplayable(e: ReplayCandidate, receiver: string | null, receiverKind: string | null): string | null {
  if (e.type !== 'delivery_failure') return `exception ${e.id} is a ${e.type}: only delivery failures can be replayed`;
  if (!e.record_key) return `exception ${e.id} names no record key: only the delivery failure of a record can be replayed`;
  if (e.status !== 'open' && e.status !== 'acknowledged') return `exception ${e.id} is ${e.status}: only open or acknowledged exceptions can be replayed`;
  if (e.active_request_id) return `exception ${e.id} already has replay request ${e.active_request_id} waiting for its outcome`;
  if (!receiver) return `flow ${e.flow_id} names no replay receiver (catalog field replay.receiver)`;
  if (!receiverKind) return `flow ${e.flow_id} names replay receiver ${receiver}, which does not exist`;
  if (receiverKind !== 'webhook') return `replay receiver ${receiver} of flow ${e.flow_id} is a ${receiverKind} receiver: replays go to webhook receivers`;
  return null;
}

/** The webhook body of a replay request: stored with its notification, so every retry sends the same bytes. */
export function replayWebhookBody(r: {
  id: string;
  exceptionId: string;
  flow: string;
  recordKey: string;
  recordType: string | null;
  lastHop: { system: string | null; stage: string | null; error: string | null };
  requestedBy: string;
  publicUrl: string;
}): ReplayWebhookBody {
  const base = r.publicUrl.replace(/\/+$/, '');
  return {
    version: 1,
    replayRequestId: r.id,
    flow: r.flow,
    recordKey: r.recordKey,
    recordType: r.recordType,
    lastHop: r.lastHop,
    requestedBy: r.requestedBy,
    links: {
      replayRequest: `${base}/api/v1/replay-requests?exceptionId=${encodeURIComponent(r.exceptionId)}`,
      exception: `${base}/exceptions/${encodeURIComponent(r.exceptionId)}`,
      outcome: `${base}/api/v1/replay-requests/${encodeURIComponent(r.id)}/outcome`,
    },
  };
}

/** What a hop of the record seen after the request means for it: a posting succeeds it, anything else decisive fails it. */
export function outcomeOfHop(h: { stage: string; status: string }): Extract<ReplayStatus, 'succeeded' | 'failed'> {
  return h.stage === 'posted' && h.status === 'ok' ? 'succeeded' : 'failed';
}
