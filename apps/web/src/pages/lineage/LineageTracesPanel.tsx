import { type LineageTraceDto } from '@closewatch/contracts/lineage';
import { Link } from 'react-router-dom';
import { EmptyState, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { SectionCut } from './SectionCut';

/** The traces behind the record, newest first, each linked to its trace page. */
export function LineageTracesPanel({ traces, total }: { traces: LineageTraceDto[]; total: number }) {
  return (
    <Panel title={`Traces (${total})`} testId="lineage-traces">
      {traces.length ? (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Trace</th>
                <th scope="col">First hop</th>
                <th scope="col">Last hop</th>
                <th scope="col" className="num">
                  Hops
                </th>
                <th scope="col">Flows</th>
                <th scope="col">Systems</th>
              </tr>
            </thead>
            <tbody>
              {traces.map((tr) => (
                <tr key={tr.traceId} data-testid="lineage-trace-row" data-trace-id={tr.traceId}>
                  <td>
                    <Link to={`/traces/${tr.traceId}`} className="mono" title={tr.traceId} data-testid="lineage-trace-open">
                      {tr.traceId.slice(0, 16)}…
                    </Link>
                  </td>
                  <td className="small">
                    <UtcTime iso={tr.firstAt} />
                  </td>
                  <td className="small">
                    <UtcTime iso={tr.lastAt} />
                  </td>
                  <td className="num">
                    {tr.hops}
                    {tr.errors ? <span className="badge tone-bad lineage-errors">{tr.errors} failed</span> : null}
                  </td>
                  <td>
                    {tr.flows.map((f) => (
                      <Link key={f} to={`/flows/${encodeURIComponent(f)}`} className="chip">
                        {f}
                      </Link>
                    ))}
                  </td>
                  <td className="small">{tr.systems.join(' → ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <SectionCut shown={traces.length} total={total} what="traces" />
        </div>
      ) : (
        <EmptyState title="No traces">None of the record's hops carried a trace id.</EmptyState>
      )}
    </Panel>
  );
}
