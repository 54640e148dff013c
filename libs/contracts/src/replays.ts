import { z } from 'zod';
import { type MoneyDto } from './exceptions';
import { type Role } from './roles';

/** Replay requests (docs/replays.md): asking the middleware to send a failed record again, and following it to the posting. */
export const REPLAY_STATUSES = ['pending_approval', 'requested', 'sent', 'succeeded', 'failed', 'expired', 'rejected'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];
/** Still waiting for an outcome. */
export const ACTIVE_REPLAY_STATUSES = ['requested', 'sent'] as const satisfies readonly ReplayStatus[];

/** Roles that may ask for a replay; everyone reads. */
export const REPLAY_REQUESTING_ROLES = ['admin', 'finance_ops', 'it_ops'] as const satisfies readonly Role[];

/** Where an outcome came from: the middleware's answer, a posting or a new failure of the record, the delivery giving up, or the expiry. */
export type ReplayOutcomeSource = 'middleware' | 'posting' | 'failure' | 'delivery' | 'expiry';

export interface ReplayOutcomeDto {
  status: 'succeeded' | 'failed' | 'expired';
  source: ReplayOutcomeSource;
  message: string | null;
  at: string;
  /** The hop that decided it (a posting or a failure of the record), else null. */
  hopId: string | null;
}

export interface ReplayRequestDto {
  id: string;
  exceptionId: string;
  incidentId: string | null;
  flow: string;
  recordKey: string;
  recordType: string | null;
  status: ReplayStatus;
  receiver: string;
  requestedBy: { id: string | null; email: string };
  requestedAt: string;
  expiresAt: string;
  sentAt: string | null;
  note: string | null;
  /** Delivery attempts to the receiver so far. */
  attempts: number;
  outcome: ReplayOutcomeDto | null;
  /** Set on the requests of a bulk replay above materiality: they wait for a second person (`pending_approval`), who approves or rejects the batch. */
  approval: ReplayApprovalDto | null;
}

/** The four-eyes step of a bulk replay: the batch of requests asked together, and who decided it. */
export interface ReplayApprovalDto {
  batchId: string;
  decision: 'approved' | 'rejected' | null;
  decidedBy: { id: string | null; email: string } | null;
  decidedAt: string | null;
}

/** The webhook body a replay receiver gets, signed and with its delivery id like alert webhooks. */
export interface ReplayWebhookBody {
  version: 1;
  replayRequestId: string;
  flow: string;
  recordKey: string;
  recordType: string | null;
  lastHop: { system: string | null; stage: string | null; error: string | null };
  requestedBy: string;
  links: { replayRequest: string; exception: string; outcome: string };
}

export const replayBodySchema = z.object({ note: z.string().trim().max(4000).nullish() }).strict();
export type ReplayBody = z.infer<typeof replayBodySchema>;

export const replayOutcomeBodySchema = z
  .object({
    status: z.enum(['succeeded', 'failed'], { error: 'must be "succeeded" or "failed"' }),
    message: z.string().trim().max(4000).nullish(),
  })
  .strict();
export type ReplayOutcomeBody = z.infer<typeof replayOutcomeBodySchema>;

/** `POST /api/v1/incidents/:id/replay` answers the requests it created. */
export interface IncidentReplayResponse {
  requested: number;
  /** True when the total is above a flow's materiality: the requests wait (`pending_approval`, answered 202) for a second person. */
  pendingApproval: boolean;
  items: ReplayRequestDto[];
}

/** `GET /api/v1/incidents/:id/replay-preview`: what the incident's Replay would ask for, before asking. */
export interface IncidentReplayPreviewDto {
  /** Failed records it would replay (open or acknowledged delivery failures with a record key and no replay waiting). */
  count: number;
  /** Their amounts at risk, summed per currency (records without an amount are counted, not summed). */
  amounts: MoneyDto[];
  /** Whether a second person must approve it (a flow's total at or above its materiality, or not comparable with it). */
  needsApproval: boolean;
  /** Why approval is needed, one sentence per flow that needs it. */
  reasons: string[];
}

/** `POST /api/v1/replay-requests/:id/approve` and `/reject` answer the batch they decided. */
export interface ReplayDecisionResponse {
  decided: number;
  items: ReplayRequestDto[];
}

/** The replay receiver demo mode creates for the simulator's middleware; the demo catalog's record flows name it. */
export const DEMO_REPLAY_RECEIVER = 'demo-middleware';

/** One step of a replay success series: the requests made in it, by where they stand now. */
export interface ReplaySeriesPointDto {
  /** Start of the step, UTC. */
  at: string;
  requested: number;
  succeeded: number;
  failed: number;
  expired: number;
  /** Still `requested` or `sent`. */
  waiting: number;
  /** succeeded / (succeeded + failed + expired), 0..1; null when none of them is settled. */
  successRate: number | null;
}

/** `GET /api/v1/replay-requests/series`: does replaying this flow's failures work? */
export interface ReplaySeriesResponse {
  flow: string | null;
  windowSeconds: number;
  stepSeconds: number;
  points: ReplaySeriesPointDto[];
  /** The whole window, as one point without `at`. */
  total: Omit<ReplaySeriesPointDto, 'at'>;
}

/** `replays.changed` (socket.io): replay requests were made or moved (after commit), so lists and details can refetch. */
export interface ReplaysChangedEvent {
  ids: string[];
  exceptionIds: string[];
}
