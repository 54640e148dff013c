import { formatInstant, parseInstant } from './instant';
import { type BreakType } from './result';

/**
 * One step of a record's lineage, as the lineage API answers it (libs/contracts telemetry
 * HopDto is assignable to this): stage `emitted|received|transformed|validated|posted|
 * published|failed|dead_lettered|replayed`, status `ok|error`, and the error class of a failure.
 */
export interface LineageHop {
  stage: string;
  system: string;
  status: string;
  occurredAt: string | Date;
  error?: { class?: string | null } | null;
}

export const CLASSIFICATION_KINDS = ['never_emitted', 'failed_at_hop', 'in_flight', 'posted_late', 'unexplained'] as const;
export type ClassificationKind = (typeof CLASSIFICATION_KINDS)[number];

/**
 * Why a break exists, from the record's lineage. `exception` says whether the break should
 * become an exception: everything but `in_flight`, which is a timing difference still within
 * the flow's SLO (reported with the run, not raised).
 */
export type BreakClassification =
  | { kind: 'never_emitted'; exception: true }
  | { kind: 'failed_at_hop'; exception: true; system: string; stage: string; errorClass: string | null; occurredAt: string }
  | { kind: 'in_flight'; exception: false; since: string; ageMs: number }
  | { kind: 'posted_late'; exception: true; since: string; postedAt: string | null; lagMs: number }
  | { kind: 'unexplained'; exception: true };

export interface ClassifyInput {
  type: BreakType;
  /** Every hop of the record (any order). */
  hops: readonly LineageHop[];
  /** The flow's freshness SLO: the most a record may take from emission to posting. */
  maxLagMs: number;
  /** Date, ISO string or epoch milliseconds. */
  now: Date | string | number;
  /** When the run read its datasets (default `now`): a posting after it was not visible to the run. */
  snapshotAt?: Date | string | number;
}

const POSTING = new Set(['posted', 'published']);
const FAILURE = new Set(['failed', 'dead_lettered']);

interface Hop {
  stage: string;
  system: string;
  ok: boolean;
  at: number;
  errorClass: string | null;
}

/**
 * Classifies one break from the lineage of its record:
 * - `never_emitted`: no hop at all; for an `unexpected_in_target` row, no `emitted` hop (the
 *   record reached the target without leaving the source through the flow);
 * - `failed_at_hop`: the last failure (status error, `failed`, `dead_lettered`) not followed by
 *   a posting or a replay, with its system, stage and error class; for `duplicate_key` the last
 *   failure even if a retry followed (a retry after a failure is how records post twice);
 * - `in_flight`: emitted (or replayed) and not posted yet, within the max lag; or posted within
 *   the max lag but after the snapshot the run read;
 * - `posted_late`: beyond the max lag: posted after the snapshot more than max lag after
 *   emission (`postedAt` set), or still not posted more than max lag after emission
 *   (`postedAt` null); for a mismatch, the same about an update emitted after the last posting;
 * - `unexplained`: the lineage does not account for the break (e.g. posted in time, yet missing).
 */
export function classifyBreak(input: ClassifyInput): BreakClassification {
  const now = instantMs(input.now);
  const snapshot = input.snapshotAt === undefined ? now : instantMs(input.snapshotAt);
  const hops = input.hops
    .map(toHop)
    .filter((h): h is Hop => h !== null)
    .sort((a, b) => a.at - b.at);
  if (hops.length === 0) return { kind: 'never_emitted', exception: true };

  if (input.type === 'duplicate_key') {
    const failure = lastWhere(hops, isFailure);
    return failure ? failedAt(failure) : { kind: 'unexplained', exception: true };
  }
  const failure = unresolvedFailure(hops);
  if (failure) return failedAt(failure);

  if (input.type === 'unexpected_in_target') {
    const emitted = hops.find((h) => h.stage === 'emitted');
    if (!emitted) return { kind: 'never_emitted', exception: true };
    return emitted.at >= snapshot ? inFlight(emitted.at, now) : { kind: 'unexplained', exception: true };
  }

  if (input.type === 'amount_mismatch' || input.type === 'field_mismatch') {
    const lastPosting = lastWhere(hops, isPosting);
    const lastStart = lastWhere(hops, (h) => isStart(h) && (!lastPosting || h.at > lastPosting.at));
    if (lastPosting && lastStart) return timing(lastStart.at, null, now, input.maxLagMs);
  }

  const start = lastWhere(hops, (h) => h.stage === 'replayed') ?? hops.find((h) => h.stage === 'emitted') ?? hops.find((h) => !isPosting(h));
  if (!start) return { kind: 'unexplained', exception: true };
  const posting = hops.find((h) => isPosting(h) && h.at >= start.at);
  if (posting && posting.at <= snapshot) return { kind: 'unexplained', exception: true };
  return timing(start.at, posting ?? null, now, input.maxLagMs);
}

function timing(startAt: number, posting: Hop | null, now: number, maxLagMs: number): BreakClassification {
  const lag = (posting ? posting.at : now) - startAt;
  if (lag <= maxLagMs) return inFlight(startAt, now);
  return { kind: 'posted_late', exception: true, since: iso(startAt), postedAt: posting ? iso(posting.at) : null, lagMs: lag };
}

function inFlight(since: number, now: number): BreakClassification {
  return { kind: 'in_flight', exception: false, since: iso(since), ageMs: Math.max(0, now - since) };
}

function failedAt(h: Hop): BreakClassification {
  return { kind: 'failed_at_hop', exception: true, system: h.system, stage: h.stage, errorClass: h.errorClass, occurredAt: iso(h.at) };
}

/** The last failure with no posting or replay after it. */
function unresolvedFailure(hops: Hop[]): Hop | null {
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i];
    if (isPosting(h) || h.stage === 'replayed') return null;
    if (isFailure(h)) return h;
  }
  return null;
}

function isFailure(h: Hop): boolean {
  return !h.ok || FAILURE.has(h.stage);
}

function isPosting(h: Hop): boolean {
  return h.ok && POSTING.has(h.stage);
}

function isStart(h: Hop): boolean {
  return h.stage === 'emitted' || h.stage === 'replayed';
}

function lastWhere(hops: Hop[], test: (h: Hop) => boolean): Hop | null {
  for (let i = hops.length - 1; i >= 0; i--) if (test(hops[i])) return hops[i];
  return null;
}

function toHop(h: LineageHop): Hop | null {
  const micros = parseInstant(h.occurredAt);
  if (micros === null || micros === undefined) return null;
  return { stage: h.stage, system: h.system, ok: h.status !== 'error', at: micros / 1000, errorClass: h.error?.class ?? null };
}

function instantMs(value: Date | string | number): number {
  if (typeof value === 'number') return value;
  const micros = parseInstant(value);
  if (micros === null || micros === undefined) throw new Error(`not an instant: ${String(value)}`);
  return micros / 1000;
}

function iso(ms: number): string {
  return formatInstant(Math.round(ms * 1000));
}
