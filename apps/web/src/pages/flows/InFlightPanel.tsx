import { type InFlightRecordDto } from '@closewatch/contracts/sync-health';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { StageTag } from '../../components/Badges';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { type LivePagedList } from '../../hooks/useLivePagedList';
import { formatLag } from './health-window';

/** Records emitted and not yet posted, oldest first, with their age against the SLO. */
export function InFlightPanel({ list, maxLagSeconds }: { list: LivePagedList<InFlightRecordDto>; maxLagSeconds: number }) {
  return (
    <Panel title="In flight (oldest first)" testId="flow-in-flight" actions={<span className="small muted">SLO {formatLag(maxLagSeconds)}</span>}>
      <ErrorBanner error={list.error} onRetry={list.refresh} />
      {list.items.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="in-flight-table">
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Data status</th>
                <th scope="col">First emitted</th>
                <th scope="col" className="num">
                  Age
                </th>
                <th scope="col">Last step</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Entity / period</th>
                <th scope="col" className="num">
                  Retries
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <tr key={r.recordKey} data-testid="in-flight-row" data-record-key={r.recordKey} data-past-slo={r.pastSlo}>
                  <td>
                    <Link to={`/lineage?recordKey=${encodeURIComponent(r.recordKey)}`} className="mono">
                      {r.recordKey}
                    </Link>
                    {r.recordType ? <div className="small muted">{r.recordType}</div> : null}
                  </td>
                  <td className="small">{humanize(r.dataStatus)}</td>
                  <td className="small">
                    <UtcTime iso={r.firstEmittedAt} />
                  </td>
                  <td className={`num${r.pastSlo ? ' text-bad' : ''}`}>
                    {formatLag(r.ageSeconds)}
                    {r.pastSlo ? (
                      <div>
                        <span className="badge tone-bad" data-testid="past-slo">
                          past SLO
                        </span>
                      </div>
                    ) : null}
                  </td>
                  <td className="small">
                    <StageTag stage={r.lastStage} /> @ {r.lastSystem}
                    <div className="muted">
                      <UtcTime iso={r.lastOccurredAt} />
                    </div>
                  </td>
                  <td className="num">
                    <Amount amount={r.amount} currency={r.currency} />
                  </td>
                  <td className="small">
                    {r.entity ?? '—'} / {r.period ?? '—'}
                  </td>
                  <td className="num">{r.retries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : list.loading ? (
        <Loading />
      ) : list.error ? null : (
        <EmptyState title="Nothing in flight">Every emitted record has posted or failed.</EmptyState>
      )}
      {list.hasMore ? (
        <div className="list-footer">
          <button type="button" className="button button-small" onClick={list.loadMore} disabled={list.loading}>
            Load more
          </button>
        </div>
      ) : null}
    </Panel>
  );
}
