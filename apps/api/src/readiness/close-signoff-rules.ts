import { type ReadinessStatus } from '@closewatch/contracts/readiness';

/**
 * Whether a close may be signed off in its current readiness (docs/close.md, "Sign-off"): `ready`
 * always; `at_risk` only with a note saying why (the risk is accepted on the record); `blocked`
 * never: what blocks it must be resolved first. Answers the refusal's message, or undefined.
 */
export function signOffRefusal(status: ReadinessStatus, note: string | undefined, blockingReasons: number): { field?: 'note'; message: string } | undefined {
  if (status === 'blocked') {
    return { message: `is blocked by ${blockingReasons} reason${blockingReasons === 1 ? '' : 's'}; resolve what blocks it before signing off` };
  }
  if (status === 'at_risk' && !note) return { field: 'note', message: 'is required to sign off a close that is at risk (say why the risk is accepted)' };
  return undefined;
}
