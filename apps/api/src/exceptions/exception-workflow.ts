import { type ExceptionHistoryAction, type ExceptionStatus, type ResolutionCode } from '@closewatch/contracts/exceptions';
import { secondPersonRefusal } from '../common/four-eyes';

/** The part of an exception the workflow decides on. */
export interface WorkflowState {
  status: ExceptionStatus;
  resolutionCode: ResolutionCode | null;
  assigneeId: string | null;
  /** Set while a dismissal waits for a second person's approval (the user who asked). */
  dismissalRequestedBy: string | null;
  dismissalPending: boolean;
  /** Set once a dismissal was approved by a second person. */
  dismissalApprovedBy: string | null;
}

export type WorkflowAction =
  | { kind: 'assign'; assigneeId: string | null }
  | { kind: 'acknowledge' }
  | { kind: 'resolve'; code: ResolutionCode }
  | { kind: 'auto_resolve' }
  | { kind: 'dismiss'; actorId: string; needsApproval: boolean }
  | { kind: 'approve_dismissal'; actorId: string }
  | { kind: 'reject_dismissal' }
  | { kind: 'reopen' }
  /** The same finding was seen again; `material` says whether it now needs four eyes to dismiss. */
  | { kind: 'recur'; material: boolean };

export type WorkflowDecision =
  | { ok: true; to: ExceptionStatus; action: ExceptionHistoryAction; reason?: string }
  /** Nothing to do (a recurrence on an exception that stays as it is). */
  | { ok: true; to: ExceptionStatus; action: null }
  | { ok: false; error: 'conflict' | 'forbidden'; message: string };

const UNRESOLVED: readonly ExceptionStatus[] = ['open', 'acknowledged'];
const isUnresolved = (s: ExceptionStatus) => UNRESOLVED.includes(s);

const conflict = (message: string): WorkflowDecision => ({ ok: false, error: 'conflict', message });

/**
 * The exception state machine (docs/exceptions.md): open → acknowledged → resolved or dismissed, reopen
 * from resolved or dismissed; assignment and comments along the way.
 *
 * - Dismissing needs a reason; when the amount at risk is at or above the flow's materiality the
 *   dismissal waits (status unchanged, `dismissalPending`) for a second person's approval, and
 *   the person who asked can never approve it.
 * - Auto-resolve (the condition cleared by itself) applies to unresolved exceptions only.
 * - Recurrence: an unresolved exception just counts the occurrence. A resolved one, whether
 *   resolved automatically or by a person, reopens: resolved means "fixed", and the problem is
 *   back. A dismissed one stays dismissed ("not worth acting on" is a decision about the
 *   problem, not one occurrence), its occurrences and last-seen still grow — unless the
 *   dismissal had no second approval and the exception is now material: then it reopens, so
 *   four-eyes dismissal cannot be bypassed by dismissing early while the amount was small.
 */
export function decide(state: WorkflowState, action: WorkflowAction): WorkflowDecision {
  const s = state.status;
  switch (action.kind) {
    case 'assign':
      if (!isUnresolved(s)) return conflict(`cannot assign a ${s} exception; reopen it first`);
      if (action.assigneeId === state.assigneeId)
        return conflict(action.assigneeId ? 'the exception is already assigned to this user' : 'the exception is not assigned');
      return { ok: true, to: s, action: action.assigneeId ? 'assigned' : 'unassigned' };

    case 'acknowledge':
      if (s === 'acknowledged') return conflict('the exception is already acknowledged');
      if (s !== 'open') return conflict(`cannot acknowledge a ${s} exception; reopen it first`);
      return { ok: true, to: 'acknowledged', action: 'acknowledged' };

    case 'resolve':
      if (s === 'resolved') return conflict('the exception is already resolved');
      if (s === 'dismissed') return conflict('cannot resolve a dismissed exception; reopen it first');
      return { ok: true, to: 'resolved', action: 'resolved' };

    case 'auto_resolve':
      if (!isUnresolved(s)) return conflict(`the exception is already ${s}`);
      return { ok: true, to: 'resolved', action: 'auto_resolved' };

    case 'dismiss':
      if (s === 'dismissed') return conflict('the exception is already dismissed');
      if (s === 'resolved') return conflict('cannot dismiss a resolved exception; reopen it first');
      if (state.dismissalPending) return conflict('a dismissal of this exception is already waiting for approval');
      return action.needsApproval ? { ok: true, to: s, action: 'dismissal_requested' } : { ok: true, to: 'dismissed', action: 'dismissed' };

    case 'approve_dismissal': {
      if (!state.dismissalPending || !isUnresolved(s)) return conflict('no dismissal of this exception is waiting for approval');
      const refusal = secondPersonRefusal(state.dismissalRequestedBy, action.actorId, 'a dismissal');
      if (refusal) return { ok: false, error: 'forbidden', message: refusal };
      return { ok: true, to: 'dismissed', action: 'dismissed' };
    }

    case 'reject_dismissal':
      if (!state.dismissalPending || !isUnresolved(s)) return conflict('no dismissal of this exception is waiting for approval');
      return { ok: true, to: s, action: 'dismissal_rejected' };

    case 'reopen':
      if (isUnresolved(s)) return conflict(`the exception is ${s}, not resolved or dismissed`);
      return { ok: true, to: 'open', action: 'reopened' };

    case 'recur':
      if (s === 'resolved') {
        const reason =
          state.resolutionCode === 'auto_resolved' ? 'seen again after it cleared' : `seen again after it was resolved (${state.resolutionCode ?? 'no code'})`;
        return { ok: true, to: 'open', action: 'reopened', reason };
      }
      if (s === 'dismissed' && action.material && state.dismissalApprovedBy === null) {
        return { ok: true, to: 'open', action: 'reopened', reason: 'seen again at or above materiality; its dismissal had no second approval' };
      }
      return { ok: true, to: s, action: null };
  }
}
