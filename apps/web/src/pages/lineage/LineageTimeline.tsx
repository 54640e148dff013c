import { type AmountDriftDto, type LineageResponse } from '@closewatch/contracts/telemetry';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { StageTag, StatusBadge, UnregisteredMarker } from '../../components/Badges';
import { UtcTime } from '../../components/UtcTime';
import { formatAmount, formatSignedAmount } from '../../format/amount';

/** The hops of a record in order, each with where it happened, its amount and any drift from the one before. */
export function LineageTimeline({ lineage }: { lineage: LineageResponse }) {
  const driftInto = new Map<number, AmountDriftDto>(lineage.amountDrift.map((d) => [d.toHop.index, d]));
  return (
    <ol className="timeline" data-testid="lineage-timeline">
      {lineage.hops.map((h, i) => {
        const drift = driftInto.get(i);
        return (
          <li key={`${i}-${h.occurredAt}`} className={`timeline-item status-${h.status}`} data-testid="lineage-hop" data-stage={h.stage} data-flow={h.flow}>
            <div className="timeline-marker" aria-hidden="true" />
            <div className="timeline-body">
              <div className="timeline-head">
                <div className="timeline-title">
                  <StageTag stage={h.stage} />
                  <strong>{h.system}</strong>
                  <StatusBadge status={h.status} />
                </div>
                <UtcTime iso={h.occurredAt} className="muted small" />
              </div>
              <div className="timeline-grid small">
                <span>
                  <span className="muted">Flow </span>
                  <Link to={`/flows/${encodeURIComponent(h.flow)}`}>{h.flow}</Link>
                  {!h.registered ? <UnregisteredMarker className="badge-gap" /> : null}
                </span>
                <span>
                  <span className="muted">Amount </span>
                  <Amount amount={h.amount} currency={h.currency} testId="lineage-hop-amount" />
                </span>
                {drift ? (
                  <span className="drift" data-testid="lineage-drift">
                    <span className="muted">Drift </span>
                    <strong>{formatSignedAmount(drift.difference, drift.currency)}</strong>
                    <span className="muted">
                      {' '}
                      from {formatAmount(drift.from, drift.currency)} at {drift.fromHop.system}
                    </span>
                  </span>
                ) : null}
                {h.entity || h.period ? (
                  <span>
                    <span className="muted">Entity / period </span>
                    {h.entity ?? '—'} / {h.period ?? '—'}
                  </span>
                ) : null}
                {h.dataStatus ? (
                  <span>
                    <span className="muted">Data status </span>
                    {h.dataStatus}
                  </span>
                ) : null}
                {h.mappingVersion ? (
                  <span>
                    <span className="muted">Mapping </span>
                    <span className="mono">{h.mappingVersion}</span>
                  </span>
                ) : null}
                {h.batchId ? (
                  <span>
                    <span className="muted">Batch </span>
                    <span className="mono">{h.batchId}</span>
                  </span>
                ) : null}
                <span>
                  <span className="muted">Source </span>
                  {h.source === 'otlp' ? 'OTLP span' : 'event'}
                </span>
                {h.ingestKeyId ? (
                  <span>
                    <span className="muted">Ingest key </span>
                    <span className="mono" title={h.ingestKeyId} data-testid="lineage-hop-ingest-key">
                      {h.ingestKeyId.slice(0, 8)}…
                    </span>
                  </span>
                ) : null}
                {h.traceId ? (
                  <span>
                    <span className="muted">Trace </span>
                    <Link to={`/traces/${h.traceId}`} className="mono" data-testid="lineage-trace-link">
                      {h.traceId.slice(0, 16)}…
                    </Link>
                  </span>
                ) : null}
              </div>
              {h.error ? (
                <div className="timeline-error small" data-testid="lineage-hop-error">
                  {[h.error.class, h.error.code].filter(Boolean).join(' · ')}
                  {h.error.message ? `${h.error.class || h.error.code ? ': ' : ''}${h.error.message}` : ''}
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
