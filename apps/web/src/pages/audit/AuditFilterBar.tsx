import { FilterInput } from '../../components/FilterInput';
import { Input } from '../../components/Input';
import { type AuditFilterForm } from './audit-filters';

/** Filters of the audit log: who, what, which object, and a time range (UTC). */
export function AuditFilterBar({ value, onChange }: { value: AuditFilterForm; onChange(next: AuditFilterForm): void }) {
  const set = (k: keyof AuditFilterForm) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <div className="toolbar" role="search" aria-label="Filter the audit log">
      <FilterInput label="Actor" value={value.actor} onChange={set('actor')} placeholder="email or id" testId="audit-filter-actor" />
      <FilterInput label="Action" value={value.action} onChange={set('action')} placeholder="e.g. exception.resolved" mono testId="audit-filter-action" />
      <FilterInput
        label="Object type"
        value={value.objectType}
        onChange={set('objectType')}
        placeholder="e.g. exception"
        mono
        testId="audit-filter-object-type"
      />
      <FilterInput label="Object id" value={value.objectId} onChange={set('objectId')} placeholder="any" mono testId="audit-filter-object-id" />
      <label className="field">
        <span>From (UTC)</span>
        <Input type="datetime-local" value={value.from} onChange={(e) => set('from')(e.target.value)} data-testid="audit-filter-from" />
      </label>
      <label className="field">
        <span>Before (UTC)</span>
        <Input type="datetime-local" value={value.to} onChange={(e) => set('to')(e.target.value)} data-testid="audit-filter-to" />
      </label>
    </div>
  );
}
