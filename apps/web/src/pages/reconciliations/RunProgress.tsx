import { progressShare } from './recon-view';

interface Props {
  source: number;
  target: number;
  /** Rows the last finished run read on each side, to draw a determinate bar. */
  expected?: { source: number | null; target: number | null };
  testId?: string;
}

function Bar({ label, read, expected }: { label: string; read: number; expected: number | null | undefined }) {
  const share = progressShare(read, expected);
  return (
    <div className="recon-progress-side" data-testid={`progress-${label}`} data-rows={read}>
      <span className="small muted">{label}</span>
      <div
        className={`recon-progress-track${share === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={`${label} rows read`}
        aria-valuenow={read}
        aria-valuemin={0}
        aria-valuemax={expected ?? undefined}
      >
        <div className="recon-progress-fill" style={{ width: share === null ? undefined : `${(share * 100).toFixed(1)}%` }} />
      </div>
      <span className="small mono" data-testid={`progress-${label}-rows`}>
        {read.toLocaleString('en-US')}
        {expected ? <span className="muted"> / ~{expected.toLocaleString('en-US')}</span> : null} rows
      </span>
    </div>
  );
}

/** Rows read so far on each side of a running reconciliation. */
export function RunProgress({ source, target, expected, testId = 'run-progress' }: Props) {
  return (
    <div className="recon-progress" data-testid={testId}>
      <Bar label="source" read={source} expected={expected?.source} />
      <Bar label="target" read={target} expected={expected?.target} />
    </div>
  );
}
