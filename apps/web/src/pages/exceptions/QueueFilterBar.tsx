import {
  AGE_BUCKETS,
  type AgeBucket,
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  type ExceptionType,
  SEVERITIES,
  type Severity,
} from '@closewatch/contracts/exceptions';
import { FilterInput } from '../../components/FilterInput';
import { FilterSelect, humanOptions, type SelectOption } from '../../components/FilterSelect';
import { useFlows } from '../../hooks/useFlows';
import { activeFilterCount, DEFAULT_QUEUE_FILTERS, type QueueFilters, type StatusChoice } from './queue-filters';
import { Button } from '../../components/Button';

const STATUS_OPTIONS: SelectOption[] = [
  { value: 'unresolved', label: 'Unresolved' },
  { value: 'all', label: 'All statuses' },
  ...humanOptions(EXCEPTION_STATUSES),
];
const TYPE_OPTIONS: SelectOption[] = [{ value: '', label: 'All types' }, ...humanOptions(EXCEPTION_TYPES)];
const SEVERITY_OPTIONS: SelectOption[] = [{ value: '', label: 'All severities' }, ...humanOptions(SEVERITIES)];
const AGE_OPTIONS: SelectOption[] = [{ value: '', label: 'Any age' }, ...AGE_BUCKETS.map((b) => ({ value: b, label: b }))];

const ASSIGNEE_SHORTCUTS: SelectOption[] = [
  { value: 'me', label: 'Assigned to me' },
  { value: 'none', label: 'Unassigned' },
];

const SORTS: SelectOption[] = [
  { value: '', label: 'Last seen, newest first' },
  { value: 'lastSeenAt', label: 'Last seen, oldest first' },
  { value: '-firstSeenAt', label: 'First seen, newest first' },
  { value: 'firstSeenAt', label: 'First seen, oldest first (age)' },
  { value: 'severity', label: 'Severity, most severe first' },
  { value: '-amountAtRisk', label: 'Amount at risk, largest first' },
  { value: 'amountAtRisk', label: 'Amount at risk, smallest first' },
];

/** The queue's filters and sort; every change goes to the address (links keep the view). */
export function QueueFilterBar({ filters, onChange, assignees }: { filters: QueueFilters; onChange(next: QueueFilters): void; assignees: SelectOption[] }) {
  const flows = useFlows({ limit: 1000 });
  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => onChange({ ...filters, [key]: value });
  const active = activeFilterCount(filters);
  return (
    <div className="toolbar queue-filters" role="search" aria-label="Filter exceptions">
      <FilterInput
        label="Record key"
        className="field grow"
        mono
        value={filters.q}
        onChange={(v) => set('q', v)}
        placeholder="Text in the record key"
        testId="filter-q"
      />
      <FilterSelect label="Status" value={filters.status} onChange={(v: StatusChoice) => set('status', v)} options={STATUS_OPTIONS} testId="filter-status" />
      <FilterSelect label="Type" value={filters.type} onChange={(v: ExceptionType | '') => set('type', v)} options={TYPE_OPTIONS} testId="filter-type" />
      <FilterSelect
        label="Severity"
        value={filters.severity}
        onChange={(v: Severity | '') => set('severity', v)}
        options={SEVERITY_OPTIONS}
        testId="filter-severity"
      />
      <FilterInput
        label="Flow"
        value={filters.flow}
        onChange={(v) => set('flow', v)}
        placeholder="Any flow"
        suggestions={{ id: 'queue-flow-options', options: flows.items.map((f) => ({ value: f.id, label: f.name })) }}
        testId="filter-flow"
      />
      <FilterInput
        label="Assignee"
        value={filters.assignee}
        onChange={(v) => set('assignee', v)}
        placeholder="me, none or an email"
        suggestions={{ id: 'queue-assignee-options', options: [...ASSIGNEE_SHORTCUTS, ...assignees] }}
        testId="filter-assignee"
      />
      <FilterInput
        label="Entity"
        className="field narrow"
        value={filters.entity}
        onChange={(v) => set('entity', v)}
        placeholder="e.g. US01"
        testId="filter-entity"
      />
      <FilterInput
        label="Period"
        className="field narrow"
        value={filters.period}
        onChange={(v) => set('period', v)}
        placeholder="YYYY-MM"
        testId="filter-period"
      />
      <FilterSelect
        label="Age"
        className="field narrow"
        value={filters.ageBucket}
        onChange={(v: AgeBucket | '') => set('ageBucket', v)}
        options={AGE_OPTIONS}
        testId="filter-age"
      />
      <FilterSelect label="Sort" value={filters.sort} onChange={(v) => set('sort', v)} options={SORTS} testId="filter-sort" />
      <div className="checks">
        <label>
          <input type="checkbox" checked={filters.overdue} onChange={(e) => set('overdue', e.target.checked)} data-testid="filter-overdue" /> Overdue only
        </label>
      </div>
      {active ? (
        <Button size="small" onClick={() => onChange({ ...DEFAULT_QUEUE_FILTERS, sort: filters.sort })} data-testid="filter-clear">
          Clear {active} filter{active === 1 ? '' : 's'}
        </Button>
      ) : null}
    </div>
  );
}
