import { type AuditFilters } from '../../api/audit';
import { exceptionsLink } from '../exceptions/queue-filters';

/** The Audit page's filter fields as typed (`from`/`to` as a datetime-local value, read as UTC). */
export interface AuditFilterForm {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  from: string;
  to: string;
}

const FIELDS = ['actor', 'action', 'objectType', 'objectId', 'from', 'to'] as const;

export const EMPTY_AUDIT_FILTERS: AuditFilterForm = { actor: '', action: '', objectType: '', objectId: '', from: '', to: '' };

/** The filters in the page's address. */
export function readAuditFilters(params: URLSearchParams): AuditFilterForm {
  return Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as unknown as AuditFilterForm;
}

/** The page's address for these filters and the open entry (empty fields left out, so links stay short). */
export function auditParams(form: AuditFilterForm, open: string | null): URLSearchParams {
  const p = new URLSearchParams();
  for (const f of FIELDS) if (form[f]) p.set(f, form[f]);
  if (open) p.set('open', open);
  return p;
}

/** A datetime-local value (`2026-12-07T05:00`) read as UTC, as an ISO instant; undefined when empty or not a time. */
function utcInstant(local: string): string | undefined {
  if (!local.trim()) return undefined;
  const at = new Date(`${local.trim()}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The filters as `GET /api/v1/audit` takes them: trimmed, empty ones left out. */
export function toAuditApiFilters(form: AuditFilterForm): AuditFilters {
  const text = (v: string) => v.trim() || undefined;
  const out: AuditFilters = {
    actor: text(form.actor),
    action: text(form.action),
    objectType: text(form.objectType),
    objectId: text(form.objectId),
    from: utcInstant(form.from),
    to: utcInstant(form.to),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as AuditFilters;
}

/** Where the dashboard shows an entry's object, when it has a page for it. */
export function auditObjectLink(objectType: string, objectId: string | null): string | null {
  if (!objectId) return null;
  switch (objectType) {
    case 'exception':
      return exceptionsLink({ status: 'all' }, objectId);
    case 'flow':
      return `/flows/${encodeURIComponent(objectId)}`;
    case 'close_calendar':
      return '/close';
    case 'alert_route':
    case 'alert_receiver':
    case 'alert_silence':
      return '/alerts';
    default:
      return null;
  }
}
