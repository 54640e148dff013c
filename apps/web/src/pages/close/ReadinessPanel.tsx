import { type ReadinessDto, type ReadinessReasonDto } from '@closewatch/contracts/readiness';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '../../components/Badge';
import { Drawer, DrawerSection } from '../../components/Drawer';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { daysLeftText } from '../../format/close';
import { READINESS_LABEL, READINESS_TONE, readinessMatrix, REASON_LABEL } from '../../format/readiness';
import { useReadiness, useReadinessHistory } from '../../hooks/useReadiness';
import { SignOffSection } from './SignOffSection';

/** Where a reason leads: the exception, the reconciliation run (or definition), the flow. */
function ReasonLinks({ r }: { r: ReadinessReasonDto }) {
  return (
    <span className="readiness-links small">
      {r.exceptionId ? (
        <Link to={`/exceptions?open=${encodeURIComponent(r.exceptionId)}`} data-testid="reason-exception">
          exception
        </Link>
      ) : null}
      {r.runId && r.reconId ? (
        <Link to={`/reconciliations/runs/${encodeURIComponent(r.runId)}`} data-testid="reason-run">
          run
        </Link>
      ) : r.reconId ? (
        <Link to={`/reconciliations/${encodeURIComponent(r.reconId)}`} data-testid="reason-recon">
          reconciliation
        </Link>
      ) : null}
      {r.flow ? (
        <Link to={`/flows/${encodeURIComponent(r.flow)}`} data-testid="reason-flow">
          flow {r.flow}
        </Link>
      ) : null}
    </span>
  );
}

function Reasons({ reasons }: { reasons: readonly ReadinessReasonDto[] }) {
  if (!reasons.length) return <p className="muted">Nothing stands in the way of this close.</p>;
  return (
    <ul className="readiness-reasons" data-testid="readiness-reasons">
      {reasons.map((r, i) => (
        <li key={`${r.kind}-${r.flow ?? ''}-${i}`} data-testid="readiness-reason" data-kind={r.kind}>
          <Badge tone={r.severity === 'blocked' ? 'bad' : 'warn'}>{r.severity === 'blocked' ? 'blocks' : 'at risk'}</Badge>{' '}
          <strong>{REASON_LABEL[r.kind]}</strong>
          {r.count > 1 ? <span className="muted small"> ×{r.count}</span> : null}
          <div className="small">{r.message}</div>
          <ReasonLinks r={r} />
        </li>
      ))}
    </ul>
  );
}

function History({ entity, period }: { entity: string; period: string }) {
  const history = useReadinessHistory(entity, period);
  if (history.isPending) return <Loading />;
  if (history.error) return <ErrorBanner error={history.error} />;
  return (
    <ol className="readiness-history" data-testid="readiness-history">
      {history.data.items.map((h) => (
        <li key={h.id}>
          <UtcTime iso={h.at} /> {h.from ? READINESS_LABEL[h.from] : 'first evaluated'} → <Badge tone={READINESS_TONE[h.to]}>{READINESS_LABEL[h.to]}</Badge>
          {h.reasons.length ? <div className="small muted">{h.reasons.map((r) => REASON_LABEL[r.kind]).join(', ')}</div> : null}
        </li>
      ))}
    </ol>
  );
}

function CellDrawer({ cell, onClose }: { cell: ReadinessDto; onClose(): void }) {
  return (
    <Drawer
      label={`Close readiness of ${cell.entity} ${cell.period}`}
      onClose={onClose}
      data-testid="readiness-drawer"
      heading={
        <>
          <Badge tone={READINESS_TONE[cell.status]}>{READINESS_LABEL[cell.status]}</Badge>
          <h2>
            {cell.entity} · {cell.period}
          </h2>
          <div className="small muted">
            {cell.deadlineAt ? (
              <>
                due <UtcTime iso={cell.deadlineAt} />
                {cell.workingDaysLeft !== null ? ` · ${daysLeftText(cell.workingDaysLeft, { late: cell.status !== 'ready' })}` : null}
              </>
            ) : (
              'no close calendar'
            )}{' '}
            · since <UtcTime iso={cell.since} /> · evaluated <UtcTime iso={cell.evaluatedAt} />
          </div>
        </>
      }
    >
      <DrawerSection>
        <h3>Reasons</h3>
        <Reasons reasons={cell.reasons} />
      </DrawerSection>
      <DrawerSection>
        <h3>Sign-off</h3>
        <SignOffSection cell={cell} />
      </DrawerSection>
      <DrawerSection>
        <h3>History</h3>
        <History entity={cell.entity} period={cell.period} />
      </DrawerSection>
      <DrawerSection>
        <p className="small muted">
          Middleware asks the same question at{' '}
          <code>
            GET /api/v1/gates/close?entity={cell.entity}&amp;period={cell.period}
          </code>{' '}
          with an ingest key of scope <code>gates</code>.
        </p>
      </DrawerSection>
    </Drawer>
  );
}

/** Entities × recent periods, coloured by readiness; a cell opens its reasons and history. Live over `close.readiness`. */
export function ReadinessPanel() {
  const readiness = useReadiness();
  const [selected, setSelected] = useState<{ entity: string; period: string } | null>(null);
  const matrix = readiness.data ? readinessMatrix(readiness.data.items) : null;
  const open = selected && matrix ? matrix.cell(selected.entity, selected.period) : undefined;

  return (
    <Panel
      title="Close readiness"
      testId="readiness-panel"
      actions={
        matrix ? (
          <span className="small" data-testid="readiness-counts">
            <Badge tone="bad">{matrix.counts.blocked} blocked</Badge> <Badge tone="warn">{matrix.counts.at_risk} at risk</Badge>{' '}
            <Badge tone="ok">{matrix.counts.ready} ready</Badge>
          </span>
        ) : null
      }
    >
      {readiness.isPending ? <Loading /> : null}
      {readiness.error ? <ErrorBanner error={readiness.error} /> : null}
      {matrix && !matrix.entities.length ? (
        <EmptyState title="No entities to close yet">Add a close calendar, or tag flows with the impact “close” and the entities they serve.</EmptyState>
      ) : null}
      {matrix && matrix.entities.length ? (
        <div className="readiness-scroll">
          <table className="readiness-matrix" data-testid="readiness-matrix">
            <thead>
              <tr>
                <th scope="col">Entity</th>
                {matrix.periods.map((p) => (
                  <th scope="col" key={p}>
                    {p}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.entities.map((entity) => (
                <tr key={entity}>
                  <th scope="row">{entity}</th>
                  {matrix.periods.map((period) => {
                    const c = matrix.cell(entity, period);
                    return (
                      <td key={period}>
                        {c ? (
                          <button
                            type="button"
                            className={`readiness-cell readiness-${c.status}`}
                            onClick={() => setSelected({ entity, period })}
                            data-testid="readiness-cell"
                            data-entity={entity}
                            data-period={period}
                            data-status={c.status}
                          >
                            <span className="visually-hidden">
                              {entity} {period}:{' '}
                            </span>
                            <Badge tone={READINESS_TONE[c.status]}>{READINESS_LABEL[c.status]}</Badge>
                            <span className="small muted">
                              {c.workingDaysLeft !== null ? daysLeftText(c.workingDaysLeft, { late: c.status !== 'ready' }) : 'no calendar'}
                              {c.reasons.length ? ` · ${c.reasons.length} reason${c.reasons.length === 1 ? '' : 's'}` : ''}
                            </span>
                          </button>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open ? <CellDrawer cell={open} onClose={() => setSelected(null)} /> : null}
    </Panel>
  );
}
