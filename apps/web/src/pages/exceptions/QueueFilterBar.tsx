import { AGE_BUCKETS, type AgeBucket, EXCEPTION_STATUSES, EXCEPTION_TYPES, type ExceptionType, SEVERITIES, type Severity } from '@closewatch/contracts/exceptions';
import { humanize } from '../../format/catalog';
import { useFlows } from '../../hooks/useFlows';
import { activeFilterCount, DEFAULT_QUEUE_FILTERS, type QueueFilters, type StatusChoice } from './queue-filters';

const SORTS: { value: string; label: string }[] = [
  { value: '', label: 'Last seen, newest first' },
  { value: 'lastSeenAt', label: 'Last seen, oldest first' },
  { value: '-firstSeenAt', label: 'First seen, newest first' },
  { value: 'firstSeenAt', label: 'First seen, oldest first (age)' },
  { value: 'severity', label: 'Severity, most severe first' },
  { value: '-amountAtRisk', label: 'Amount at risk, largest first' },
  { value: 'amountAtRisk', label: 'Amount at risk, smallest first' },
];

/** The queue's filters and sort; every change goes to the address (links keep the view). */
export function QueueFilterBar({ filters, onChange, assignees }: { filters: QueueFilters; onChange(next: QueueFilters): void; assignees: { value: string; label: string }[] }) {
  const flows = useFlows({ limit: 1000 });
  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => onChange({ ...filters, [key]: value });
  const active = activeFilterCount(filters);
  return (
    <div className="toolbar queue-filters" role="search" aria-label="Filter exceptions">
      <label className="field grow">
        <span>Record key</span>
        <input className="input mono" value={filters.q} onChange={(e) => set('q', e.target.value)} placeholder="Text in the record key" data-testid="filter-q" />
      </label>
      <label className="field">
        <span>Status</span>
        <select className="input" value={filters.status} onChange={(e) => set('status', e.target.value as StatusChoice)} data-testid="filter-status">
          <option value="unresolved">Unresolved</option>
          <option value="all">All statuses</option>
          {EXCEPTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Type</span>
        <select className="input" value={filters.type} onChange={(e) => set('type', e.target.value as ExceptionType | '')} data-testid="filter-type">
          <option value="">All types</option>
          {EXCEPTION_TYPES.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Severity</span>
        <select className="input" value={filters.severity} onChange={(e) => set('severity', e.target.value as Severity | '')} data-testid="filter-severity">
          <option value="">All severities</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Flow</span>
        <input className="input" list="queue-flow-options" value={filters.flow} onChange={(e) => set('flow', e.target.value)} placeholder="Any flow" data-testid="filter-flow" />
        <datalist id="queue-flow-options">
          {flows.items.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Assignee</span>
        <input className="input" list="queue-assignee-options" value={filters.assignee} onChange={(e) => set('assignee', e.target.value)} placeholder="me, none or an email" data-testid="filter-assignee" />
        <datalist id="queue-assignee-options">
          <option value="me">Assigned to me</option>
          <option value="none">Unassigned</option>
          {assignees.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </datalist>
      </label>
      <label className="field narrow">
        <span>Entity</span>
        <input className="input" value={filters.entity} onChange={(e) => set('entity', e.target.value)} placeholder="e.g. US01" data-testid="filter-entity" />
      </label>
      <label className="field narrow">
        <span>Period</span>
        <input className="input" value={filters.period} onChange={(e) => set('period', e.target.value)} placeholder="YYYY-MM" data-testid="filter-period" />
      </label>
      <label className="field narrow">
        <span>Age</span>
        <select className="input" value={filters.ageBucket} onChange={(e) => set('ageBucket', e.target.value as AgeBucket | '')} data-testid="filter-age">
          <option value="">Any age</option>
          {AGE_BUCKETS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Sort</span>
        <select className="input" value={filters.sort} onChange={(e) => set('sort', e.target.value)} data-testid="filter-sort">
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <div className="checks">
        <label>
          <input type="checkbox" checked={filters.overdue} onChange={(e) => set('overdue', e.target.checked)} data-testid="filter-overdue" /> Overdue only
        </label>
      </div>
      {active ? (
        <button type="button" className="button button-small" onClick={() => onChange({ ...DEFAULT_QUEUE_FILTERS, sort: filters.sort })} data-testid="filter-clear">
          Clear {active} filter{active === 1 ? '' : 's'}
        </button>
      ) : null}
    </div>
  );
}
