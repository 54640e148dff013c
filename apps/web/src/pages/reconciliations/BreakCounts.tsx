import { type BreakCountsDto } from '@closewatch/contracts/recon';
import { BREAK_TYPE_LABEL, nonZeroBreaks } from './recon-view';
import { Badge } from '../../components/Badge';

/** Breaks by type as chips; "no breaks" when there are none. */
export function BreakCounts({ breaks, testId = 'break-counts' }: { breaks: BreakCountsDto | null; testId?: string }) {
  if (!breaks) return <span className="muted">—</span>;
  const list = nonZeroBreaks(breaks);
  return (
    <span className="badge-row" data-testid={testId}>
      {list.length === 0 ? <Badge tone="ok">no breaks</Badge> : null}
      {list.map((b) => (
        <span key={b.type} className="chip recon-break-chip" data-testid="break-count" data-type={b.type} data-count={b.count}>
          {BREAK_TYPE_LABEL[b.type]} <strong>{b.count}</strong>
        </span>
      ))}
    </span>
  );
}
