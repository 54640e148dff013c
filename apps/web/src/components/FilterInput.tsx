import { type SelectOption } from './FilterSelect';
import { Input } from './Input';

/** A labelled text field of a filter bar, with suggestions (a datalist) when given. */
export function FilterInput({
  label,
  value,
  onChange,
  placeholder,
  className = 'field',
  mono = false,
  suggestions,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
  mono?: boolean;
  /** `id` names the datalist (unique on the page). */
  suggestions?: { id: string; options: readonly SelectOption[] };
  testId?: string;
}) {
  return (
    <label className={className}>
      <span>{label}</span>
      <Input
        className={mono ? 'input mono' : 'input'}
        list={suggestions?.id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        data-testid={testId}
      />
      {suggestions ? (
        <datalist id={suggestions.id}>
          {suggestions.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </datalist>
      ) : null}
    </label>
  );
}
