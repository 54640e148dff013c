import { type BatchScheduleDto } from '@closewatch/contracts/sync-health';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { formatSeconds } from '../../format/catalog';
import { Badge } from '../../components/Badge';
import { Table } from '../../components/Table';

/** A batch flow's expected runs (cron + grace) against what actually ran, per entity. */
export function BatchSchedulePanel({ batch }: { batch: BatchScheduleDto }) {
  return (
    <Panel title="Expected vs actual runs" testId="flow-batch-schedule">
      <dl className="facts">
        <div>
          <dt>Schedule</dt>
          <dd>
            <span className="mono">{batch.cron}</span> ({batch.timezone})<div className="small muted">grace {formatSeconds(batch.graceSeconds)}</div>
          </dd>
        </div>
        <div>
          <dt>Last expected</dt>
          <dd>
            <UtcTime iso={batch.lastExpectedAt} />
          </dd>
        </div>
        <div>
          <dt>Next expected</dt>
          <dd>
            <UtcTime iso={batch.nextExpectedAt} />
          </dd>
        </div>
        <div>
          <dt>Last success</dt>
          <dd>
            <UtcTime iso={batch.lastSuccessAt} />
          </dd>
        </div>
        <div>
          <dt>Last finished run</dt>
          <dd>
            {batch.lastRun ? (
              <>
                <Badge tone={batch.lastRun.status === 'succeeded' ? 'ok' : 'bad'}>{batch.lastRun.status}</Badge>{' '}
                <span className="mono small">{batch.lastRun.runId}</span>
                <div className="small muted">
                  <UtcTime iso={batch.lastRun.at} />
                  {batch.lastRun.entity ? ` · ${batch.lastRun.entity}` : ''}
                </div>
              </>
            ) : (
              'none yet'
            )}
          </dd>
        </div>
        <div>
          <dt>In the window</dt>
          <dd className={batch.missedInWindow || batch.failedRunsInWindow ? 'text-bad' : undefined} data-testid="batch-window-counts">
            {batch.missedInWindow} missed · {batch.failedRunsInWindow} failed
          </dd>
        </div>
      </dl>
      {batch.entities.length ? (
        <Table compact data-testid="batch-entities">
          <thead>
            <tr>
              <th scope="col">Entity</th>
              <th scope="col">Latest expected slot</th>
              <th scope="col">Outcome</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {batch.entities.map((e) => (
              <tr key={e.entity ?? '*'} data-testid="batch-entity-row">
                <td>{e.entity ?? 'all'}</td>
                <td>
                  <UtcTime iso={e.lastSlotAt} />
                </td>
                <td>
                  {e.lastOutcome ? (
                    <Badge tone={e.lastOutcome === 'ran' ? 'ok' : 'bad'}>{e.lastOutcome}</Badge>
                  ) : (
                    <span className="muted">not evaluated yet</span>
                  )}
                </td>
                <td className="mono small">{e.runId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Panel>
  );
}
