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
      <button type="submit" className="button button-small button-primary" disabled={disabled} data-testid={testId}>
        {label}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
