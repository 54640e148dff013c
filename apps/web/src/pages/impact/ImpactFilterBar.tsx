import { Input } from '../../components/Input';
import { FilterInput } from '../../components/FilterInput';

/** The period (a month), the reporting currency and, for cash, the entity; every change goes to the address. */
export function ImpactFilterBar({
  period,
  currency,
  entity,
  onChange,
  label,
}: {
  period: string;
  currency: string;
  /** Undefined: the view has no entity filter. */
  entity?: string;
  onChange: (key: 'period' | 'currency' | 'entity', value: string) => void;
  label: string;
}) {
  return (
    <div className="toolbar impact-filters" role="search" aria-label={label}>
      <label className="field">
        <span>Period</span>
        <Input type="month" value={period} onChange={(e) => e.target.value && onChange('period', e.target.value)} data-testid="impact-period" />
      </label>
      {entity !== undefined ? (
        <FilterInput label="Entity" value={entity} onChange={(v) => onChange('entity', v.trim())} placeholder="All entities" mono testId="impact-entity" />
      ) : null}
      <FilterInput
        label="Reporting currency"
        value={currency}
        onChange={(v) => onChange('currency', v.trim().toUpperCase())}
        placeholder="Default"
        mono
        testId="impact-currency"
      />
    </div>
  );
}
