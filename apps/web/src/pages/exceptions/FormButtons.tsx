import { Button } from '../../components/Button';
interface Props {
  /** The submit button's text (e.g. "Resolve", or "Resolving…" while it works). */
  label: string;
  disabled: boolean;
  testId: string;
  onCancel: () => void;
}

/** The row under a workflow form: its submit button and a Cancel that closes the form. */
export function FormButtons({ label, disabled, testId, onCancel }: Props) {
  return (
    <div className="workflow-row">
      <Button type="submit" size="small" variant="primary" disabled={disabled} data-testid={testId}>
        {label}
      </Button>
      <Button size="small" variant="quiet" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
