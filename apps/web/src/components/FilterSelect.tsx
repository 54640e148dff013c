import { humanize } from '../format/catalog';
import { Select } from './Input';

export interface SelectOption {
  value: string;
  label: string;
}

/** Options for values named by id (`open`, `delivery_failure`): the label is the id made readable. */
export function humanOptions(values: readonly string[]): SelectOption[] {
  return values.map((value) => ({ value, label: humanize(value) }));
}

/** A labelled select of a filter bar (`field` label around an `input` select). */
export function FilterSelect<V extends string>({
  label,
  value,
  onChange,
  options,
  className = 'field',
  testId,
}: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly SelectOption[];
  className?: string;
  testId?: string;
}) {
  return (
    <label className={className}>
      <span>{label}</span>
      <Select value={value} onChange={(e) => onChange(e.target.value as V)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </label>
  );
}
