import { type AgeBucket, type ExceptionStatus, type ExceptionType, type Severity, UNRESOLVED_STATUSES } from '@closewatch/contracts/exceptions';
import { type ExceptionFilters } from '../../api/exceptions';

/** The status filter of the queue: unresolved (the default), every status, or one status. */
export type StatusChoice = 'unresolved' | 'all' | ExceptionStatus;

/** What the queue shows, as kept in the page's address (`/exceptions?flow=…&status=all`). */
export interface QueueFilters {
  type: ExceptionType | '';
  flow: string;
  status: StatusChoice;
  severity: Severity | '';
  /** A user id or email, `me`, or `none`. */
  assignee: string;
  entity: string;
  period: string;
  ageBucket: AgeBucket | '';
  overdue: boolean;
  /** Text in the record key. */
  q: string;
  incident: string;
  /** '' is the API's default, most recently seen first. */
  sort: string;
}

export const DEFAULT_QUEUE_FILTERS: QueueFilters = {
  type: '',
  flow: '',
  status: 'unresolved',
  severity: '',
  assignee: '',
  entity: '',
  period: '',
  ageBucket: '',
  overdue: false,
  q: '',
  incident: '',
  sort: '',
};

/** Address parameter of each filter (the age bucket is `age`, the rest keep their names). */
const PARAM: Record<keyof QueueFilters, string> = {
  type: 'type',
  flow: 'flow',
  status: 'status',
  severity: 'severity',
  assignee: 'assignee',
  entity: 'entity',
  period: 'period',
  ageBucket: 'age',
  overdue: 'overdue',
  q: 'q',
  incident: 'incident',
  sort: 'sort',
};

/**
 * The filters in an address. Values are taken as they are: the API checks them and its error
 * names the field, so a mistyped link shows why it shows nothing.
 */
export function readQueueFilters(params: URLSearchParams): QueueFilters {
  const text = (k: keyof QueueFilters) => params.get(PARAM[k])?.trim() ?? '';
  return {
    type: text('type') as QueueFilters['type'],
    flow: text('flow'),
    status: (text('status') || 'unresolved') as StatusChoice,
    severity: text('severity') as QueueFilters['severity'],
    assignee: text('assignee'),
    entity: text('entity'),
    period: text('period'),
    ageBucket: text('ageBucket') as QueueFilters['ageBucket'],
    overdue: text('overdue') === 'true',
    q: text('q'),
    incident: text('incident'),
    sort: text('sort'),
  };
}

/** The address parameters of the filters, leaving out the defaults; `open` is the exception shown in the drawer. */
export function queueParams(filters: Partial<QueueFilters>, open?: string | null): URLSearchParams {
  const f = { ...DEFAULT_QUEUE_FILTERS, ...filters };
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAM) as (keyof QueueFilters)[]) {
    const value = f[key];
    if (value === DEFAULT_QUEUE_FILTERS[key]) continue;
    params.set(PARAM[key], typeof value === 'boolean' ? String(value) : value.trim());
  }
  if (open) params.set('open', open);
  return params;
}

/** A link to the queue with these filters (and an exception open in the drawer). */
export function exceptionsLink(filters: Partial<QueueFilters> = {}, open?: string | null): string {
  const qs = queueParams(filters, open).toString();
  return qs ? `/exceptions?${qs}` : '/exceptions';
}

/** The filters as the API takes them. */
export function toApiFilters(f: QueueFilters): ExceptionFilters {
  const status = f.status === 'all' ? undefined : f.status === 'unresolved' ? UNRESOLVED_STATUSES.join(',') : f.status;
  const trimmed = (v: string) => v.trim() || undefined;
  return {
    type: f.type || undefined,
    flow: trimmed(f.flow),
    status,
    severity: f.severity || undefined,
    assignee: trimmed(f.assignee),
    entity: trimmed(f.entity),
    period: trimmed(f.period),
    ageBucket: f.ageBucket || undefined,
    overdue: f.overdue || undefined,
    q: trimmed(f.q),
    incident: trimmed(f.incident),
    sort: f.sort || undefined,
  };
}

/** How many filters differ from the defaults (sort is not a filter). */
export function activeFilterCount(f: QueueFilters): number {
  return (Object.keys(PARAM) as (keyof QueueFilters)[]).filter((k) => k !== 'sort' && f[k] !== DEFAULT_QUEUE_FILTERS[k]).length;
}
