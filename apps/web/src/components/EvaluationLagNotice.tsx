import { type EvaluationStateDto } from '@closewatch/contracts/sync-health';
import { evaluationNotice } from '../format/evaluation';

/** A banner while the sync-health evaluator trails ingest (and when ingest is paced for it); nothing while it keeps up. */
export function EvaluationLagNotice({ state }: { state: EvaluationStateDto | undefined }) {
  const notice = evaluationNotice(state);
  if (!notice) return null;
  return (
    <div className={`banner ${notice.paced ? 'banner-warn' : 'banner-info'}`} role="status" data-testid="evaluation-lag" data-paced={notice.paced}>
      <span>{notice.text}</span>
    </div>
  );
}
