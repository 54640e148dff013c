import { type EvaluationStateDto } from '@closewatch/contracts/sync-health';

/** Under this lag the evaluator counts as caught up: a tick follows each commit about a second later. */
export const EVALUATION_LAG_SHOWN_SECONDS = 3;

export interface EvaluationNotice {
  /** What the statuses miss, in a sentence. */
  text: string;
  /** Ingest is held back for the evaluator (docs/scaling.md, "Ingest pacing"). */
  paced: boolean;
}

/** What to tell the reader of flow statuses about the evaluator's lag; null when it is caught up. */
export function evaluationNotice(state: EvaluationStateDto | undefined): EvaluationNotice | null {
  if (!state || !(state.lagSeconds >= EVALUATION_LAG_SHOWN_SECONDS)) return null;
  const behind = `Sync health trails ingest by ${formatLag(state.lagSeconds)}: hops received since then are not in the statuses yet.`;
  // Past the threshold every server that takes ingest paces within a second (its next write reads
  // the lag); below it only the answering server knows whether it still does (until half of it).
  const paced = state.paced || (state.paceLagSeconds > 0 && state.lagSeconds >= state.paceLagSeconds);
  if (!paced) return { text: behind, paced };
  return {
    text: `${behind} Ingest is paced this far behind: each server writes one request at a time until the lag is under ${formatLag(state.paceLagSeconds / 2)}.`,
    paced,
  };
}

function formatLag(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
}
