import { EXCEPTION_ACTING_ROLES, type ExceptionDto } from '@closewatch/contracts/exceptions';
import { type Role } from '@closewatch/contracts/roles';

/** Whether the role works exceptions; auditors and viewers read them (the API answers 403 to them). */
export function mayActOnExceptions(role: Role): boolean {
  return (EXCEPTION_ACTING_ROLES as readonly Role[]).includes(role);
}

/** Whether an action is offered; `blocked` says why it is shown but cannot be used. */
export interface ActionAvailability {
  shown: boolean;
  blocked?: string;
}

export interface ExceptionActions {
  assign: ActionAvailability;
  acknowledge: ActionAvailability;
  resolve: ActionAvailability;
  dismiss: ActionAvailability;
  approveDismissal: ActionAvailability;
  rejectDismissal: ActionAvailability;
  reopen: ActionAvailability;
  comment: ActionAvailability;
}

const HIDDEN: ActionAvailability = { shown: false };
const show = (when: boolean): ActionAvailability => (when ? { shown: true } : HIDDEN);

/**
 * The workflow actions to offer a user on an exception, following the API's state machine
 * (open → acknowledged → resolved | dismissed, reopen from resolved or dismissed; a pending
 * dismissal is approved by a second person). The API decides in the end; this only spares the
 * user buttons that can only answer 409.
 */
export function exceptionActions(e: Pick<ExceptionDto, 'status' | 'dismissal'>, user: { id: string; role: Role }): ExceptionActions {
  if (!mayActOnExceptions(user.role)) {
    return {
      assign: HIDDEN,
      acknowledge: HIDDEN,
      resolve: HIDDEN,
      dismiss: HIDDEN,
      approveDismissal: HIDDEN,
      rejectDismissal: HIDDEN,
      reopen: HIDDEN,
      comment: HIDDEN,
    };
  }
  const unresolved = e.status === 'open' || e.status === 'acknowledged';
  const pending = unresolved && e.dismissal?.pendingApproval === true;
  const requester = e.dismissal?.requestedBy;
  const askedByMe = requester?.kind === 'user' && requester.id === user.id;
  return {
    assign: show(unresolved),
    acknowledge: show(e.status === 'open'),
    resolve: show(unresolved),
    dismiss: show(unresolved && !pending),
    approveDismissal: pending
      ? askedByMe
        ? { shown: true, blocked: 'You asked for this dismissal: a second person must approve it.' }
        : { shown: true }
      : HIDDEN,
    rejectDismissal: show(pending),
    reopen: show(!unresolved),
    comment: { shown: true },
  };
}
