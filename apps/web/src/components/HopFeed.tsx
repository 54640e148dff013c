import { type HopDto } from '@closewatch/contracts/telemetry';
import { Link } from 'react-router-dom';
import { hopKey } from '../live/hop-feed';
import { Amount } from './Amount';
import { StageTag, StatusBadge } from './Badges';
import { UtcTime } from './UtcTime';

/** Hops newest first, as a compact list: time, flow, record, stage, status, amount. */
export function HopFeed({ hops, showFlow = true, testId = 'hop-feed' }: { hops: HopDto[]; showFlow?: boolean; testId?: string }) {
  return (
    <ol className="hop-feed" data-testid={testId} aria-live="polite">
      {hops.map((h) => (
        <li key={hopKey(h)} className={`hop-item status-${h.status}`} data-testid="live-hop" data-record-key={h.recordKey} data-flow={h.flow}>
          <div className="hop-line">
            <Link to={`/lineage?recordKey=${encodeURIComponent(h.recordKey)}`} className="hop-record mono" data-testid="hop-record-key">
              {h.recordKey}
            </Link>
            <Amount amount={h.amount} currency={h.currency} testId="hop-amount" />
          </div>
          <div className="hop-line small">
            <span className="hop-meta">
              <StageTag stage={h.stage} />
              <StatusBadge status={h.status} />
            </span>
            <UtcTime iso={h.occurredAt} className="muted" />
          </div>
          <div className="hop-line small muted hop-where">
            {showFlow ? (
              <Link to={`/flows/${encodeURIComponent(h.flow)}`} className="hop-flow" data-testid="hop-flow">
                {h.flow}
              </Link>
            ) : null}
            <span className="hop-system">@ {h.system}</span>
          </div>
          {h.error?.message ? (
            <div className="hop-error small">
              {h.error.class ? `${h.error.class}: ` : ''}
              {h.error.message}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
