import { type ExceptionHistoryEntryDto } from '@closewatch/contracts/exceptions';
import { humanize } from '../../format/catalog';

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** One line for a history entry, in words: what happened (the actor and time are shown beside it). */
export function historyTitle(h: Pick<ExceptionHistoryEntryDto, 'action' | 'details' | 'fromStatus' | 'toStatus'>): string {
  const d = h.details ?? {};
  switch (h.action) {
    case 'created':
      return str(d.severity) ? `Opened (${d.severity as string})` : 'Opened';
    case 'assigned':
      return str(d.assignee) ? `Assigned to ${d.assignee as string}` : 'Assigned';
    case 'unassigned':
      return 'Unassigned';
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return str(d.code) ? `Resolved as ${humanize(d.code as string).toLowerCase()}` : 'Resolved';
    case 'auto_resolved':
      return 'Resolved automatically';
    case 'dismissal_requested':
      return 'Dismissal requested (needs a second approval)';
    case 'dismissal_rejected':
      return 'Dismissal rejected';
    case 'dismissed':
      return str(d.approvedDismissalRequestedBy) ? 'Dismissal approved' : 'Dismissed';
    case 'reopened':
      return 'Reopened';
    case 'severity_changed':
      return str(d.from) && str(d.to) ? `Severity ${d.from as string} → ${d.to as string}` : 'Severity changed';
  }
}

/** The status change of an entry, when there is one (`open → acknowledged`). */
export function statusChange(h: Pick<ExceptionHistoryEntryDto, 'fromStatus' | 'toStatus'>): string | null {
  return h.fromStatus && h.fromStatus !== h.toStatus ? `${h.fromStatus} → ${h.toStatus}` : null;
}
