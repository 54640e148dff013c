import { type FlowIngestStats } from '@closewatch/contracts/telemetry';
import { Link } from 'react-router-dom';
import { HealthBadge, StageTag, UnregisteredMarker } from '../../components/Badges';
import { EmptyState } from '../../components/EmptyState';
import { UtcTime } from '../../components/UtcTime';
import { formatPercent, formatRate } from '../../format/amount';
import { formatAge } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { Table } from '../../components/Table';

/** One row per flow: health, throughput, error rate, duplicates, last hop. */
export function FlowHealthTable({ flows }: { flows: FlowIngestStats[] }) {
  const now = useNow();
  if (!flows.length) {
    return (
      <EmptyState title="No flows yet">
        Register flows in the catalog, or send hops: unregistered flow ids show up here as soon as they send something.
      </EmptyState>
    );
  }
  return (
    <Table data-testid="flow-health-table">
      <thead>
        <tr>
          <th scope="col">Flow</th>
          <th scope="col">Health</th>
          <th scope="col" className="num">
            Hops/min
          </th>
          <th scope="col" className="num">
            Hops
          </th>
          <th scope="col" className="num">
            Error rate
          </th>
          <th scope="col" className="num">
            Duplicates
          </th>
          <th scope="col">Last hop</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((f) => (
          <tr key={f.flow} data-testid="flow-row" data-flow={f.flow}>
            <td>
              <Link to={`/flows/${encodeURIComponent(f.flow)}`} className="flow-name">
                {f.name ?? f.flow}
              </Link>
              <div className="flow-id mono small">
                {f.flow}
                {!f.registered ? <UnregisteredMarker className="badge-gap" /> : null}
              </div>
            </td>
            <td>
              <HealthBadge health={f.health} />
            </td>
            <td className="num" data-testid="flow-throughput">
              {formatRate(f.throughputPerMinute)}
            </td>
            <td className="num" data-testid="flow-hops">
              {f.hops}
            </td>
            <td className={`num${f.errors > 0 ? ' text-bad' : ''}`} data-testid="flow-error-rate">
              {formatPercent(f.errorRate)}
              {f.errors > 0 ? <span className="muted small"> ({f.errors})</span> : null}
            </td>
            <td className="num" data-testid="flow-duplicates">
              {f.duplicates}
            </td>
            <td data-testid="flow-last-hop">
              {f.lastHopAt ? (
                <>
                  <StageTag stage={f.lastHopStage} /> <span className="muted small">{formatAge(f.lastHopAt, now)}</span>
                  <div className="small">
                    <UtcTime iso={f.lastHopAt} className="muted" />
                  </div>
                </>
              ) : (
                <span className="muted">never</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
