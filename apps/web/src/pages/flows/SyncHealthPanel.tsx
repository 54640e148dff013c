import { type FlowHealthDetailDto, type MoneyTotalDto, type SyncMeasuresDetailDto } from '@closewatch/contracts/sync-health';
import { Amount } from '../../components/Amount';
import { Panel } from '../../components/Panel';
import { SyncStatusBadge } from '../../components/SyncStatusBadge';
import { UtcTime } from '../../components/UtcTime';
import { formatPercent, formatRate } from '../../format/amount';
import { humanize } from '../../format/catalog';
import { ErrorClassChart } from './ErrorClassChart';
import { formatLag } from './health-window';
import { Table } from '../../components/Table';

/** The flow's status against its SLO with every reason, and its measures over the window. */
export function SyncHealthPanel({ health, windowLabel }: { health: FlowHealthDetailDto; windowLabel: string }) {
  const m = health.measures;
  return (
    <>
      <Panel
        title={`Sync health · ${windowLabel.toLowerCase()}`}
        testId="sync-health"
        actions={
          <span className="small muted">
            as of <UtcTime iso={health.asOf} />
          </span>
        }
      >
        <div className="health-reasons">
          <ul>
            {health.reasons.map((r) => (
              <li key={`${r.code}-${r.message}`} data-testid="health-reason" data-code={r.code}>
                <SyncStatusBadge status={r.status} /> <span>{r.message}</span>
              </li>
            ))}
          </ul>
        </div>
        <dl className="facts" data-testid="sync-measures">
          <Measure label="Records posted" value={String(m.recordsPosted)} sub={`${formatRate(m.throughputPerMinute)} / min`} />
          <Measure
            label="Lag p50 / p95 / p99"
            value={`${formatLag(m.lagSeconds.p50)} / ${formatLag(m.lagSeconds.p95)} / ${formatLag(m.lagSeconds.p99)}`}
            sub={`SLO ${formatLag(health.slo.maxLagSeconds)}`}
            testId="measure-lag"
          />
          <Measure
            label="Freshness"
            value={formatLag(m.freshnessSeconds)}
            sub={m.freshnessBasis === 'run' ? 'since the last successful run' : m.lastPostedAt ? 'since the last posting' : 'nothing posted yet'}
          />
          <Measure
            label="In flight"
            value={String(m.inFlight.count)}
            sub={m.inFlight.count ? `${m.inFlight.pastSlo} past SLO · oldest ${formatLag(m.inFlight.oldestAgeSeconds)}` : undefined}
            tone={m.inFlight.pastSlo ? 'bad' : undefined}
            testId="measure-in-flight"
          />
          <Measure
            label="Error rate"
            value={formatPercent(m.errorRate)}
            sub={`${m.errors} of ${m.hops} hops`}
            tone={m.errors ? 'bad' : undefined}
            testId="measure-error-rate"
          />
          <Measure
            label="Failed records"
            value={String(m.failedRecords)}
            tone={m.failedRecords ? 'bad' : undefined}
            sub={m.deadLetters ? `${m.deadLetters} dead-lettered` : undefined}
          />
          <Measure label="Retries" value={String(m.retries)} />
          <Measure
            label="Duplicates"
            value={m.duplicates === null ? '—' : String(m.duplicates)}
            sub={m.duplicateRate === null ? undefined : formatPercent(m.duplicateRate)}
          />
          <div>
            <dt>Amount in flight</dt>
            <dd>
              <Totals totals={m.amountInFlight} />
            </dd>
          </div>
          <div>
            <dt>Amount failed</dt>
            <dd className={m.amountFailed.length ? 'text-bad' : undefined}>
              <Totals totals={m.amountFailed} />
            </dd>
          </div>
        </dl>
      </Panel>
      <div className="flow-detail-grid">
        <Panel title="Failures by error class" testId="flow-error-classes">
          <ErrorClassChart classes={m.errorsByClass} />
        </Panel>
        <Panel title="By data status" testId="flow-data-status">
          <DataStatusTable rows={health.byDataStatus} />
        </Panel>
      </div>
    </>
  );
}

function Measure({ label, value, sub, tone, testId }: { label: string; value: string; sub?: string; tone?: 'bad'; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd className={tone === 'bad' ? 'text-bad' : undefined}>
        <strong className="measure-value">{value}</strong>
        {sub ? <div className="small muted">{sub}</div> : null}
      </dd>
    </div>
  );
}

function Totals({ totals }: { totals: MoneyTotalDto[] }) {
  if (!totals.length) return <span className="muted">—</span>;
  return (
    <>
      {totals.map((t) => (
        <div key={t.currency}>
          <Amount amount={t.amount} currency={t.currency} /> <span className="small muted">({t.records})</span>
        </div>
      ))}
    </>
  );
}

/** The same measures for each data status (preliminary and posted numbers are never mixed). */
function DataStatusTable({ rows }: { rows: SyncMeasuresDetailDto[] }) {
  if (!rows.length) return <p className="muted pad">No records in this window.</p>;
  return (
    <Table compact data-testid="data-status-table">
      <thead>
        <tr>
          <th scope="col">Data status</th>
          <th scope="col" className="num">
            Posted
          </th>
          <th scope="col" className="num">
            Lag p50 / p95
          </th>
          <th scope="col" className="num">
            In flight
          </th>
          <th scope="col" className="num">
            Failed
          </th>
          <th scope="col" className="num">
            Error rate
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.dataStatus} data-testid="data-status-row" data-data-status={r.dataStatus}>
            <td>{humanize(r.dataStatus)}</td>
            <td className="num">{r.recordsPosted}</td>
            <td className="num">
              {formatLag(r.lagSeconds.p50)} / {formatLag(r.lagSeconds.p95)}
            </td>
            <td className={`num${r.inFlight.pastSlo ? ' text-bad' : ''}`}>
              {r.inFlight.count}
              {r.inFlight.pastSlo ? <span className="small"> ({r.inFlight.pastSlo} late)</span> : null}
            </td>
            <td className={`num${r.failedRecords ? ' text-bad' : ''}`}>{r.failedRecords}</td>
            <td className="num">{formatPercent(r.errorRate)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
