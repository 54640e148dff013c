import { type ExceptionDetailDto } from '@closewatch/contracts/exceptions';
import { type UserDto } from '@closewatch/contracts/roles';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { ExceptionStatusBadge, OverdueMarker, PendingDismissalMarker, SeverityBadge } from '../../components/ExceptionBadges';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SuccessBanner } from '../../components/SuccessBanner';
import { Loading } from '../../components/Loading';
import { UtcTime } from '../../components/UtcTime';
import { actorLabel, userLabel } from '../../format/actor';
import { humanize } from '../../format/catalog';
import { useException } from '../../hooks/useException';
import { ExceptionComments } from './ExceptionComments';
import { ExceptionTimeline } from './ExceptionTimeline';
import { ExceptionWorkflow } from './ExceptionWorkflow';
import { mayActOnExceptions } from './exception-actions';
import { Drawer, DrawerSection } from '../../components/Drawer';
import { ExceptionReplaySection } from '../replays/ReplayControls';

interface Props {
  id: string;
  me: UserDto;
  users: UserDto[] | null;
  onClose(): void;
}

/** One exception beside the queue: what and where, the workflow, comments and its history; live. */
export function ExceptionDrawer({ id, me, users, onClose }: Props) {
  const detail = useException(id);
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null);
  const e = detail.data;
  const mayAct = mayActOnExceptions(me.role);

  return (
    <Drawer
      label="Exception"
      onClose={onClose}
      data-testid="exception-drawer"
      data-id={id}
      data-status={e?.status ?? ''}
      heading={
        <>
          {e ? (
            <div className="badge-row">
              <SeverityBadge severity={e.severity} />
              <ExceptionStatusBadge status={e.status} testId="drawer-status" />
              {e.overdue ? <OverdueMarker /> : null}
              {e.dismissal?.pendingApproval ? <PendingDismissalMarker /> : null}
            </div>
          ) : null}
          <h2 data-testid="drawer-title">{e?.title ?? 'Exception'}</h2>
          {e ? (
            <div className="small muted">
              {humanize(e.type)} in{' '}
              <Link to={`/flows/${encodeURIComponent(e.flow)}`} className="mono">
                {e.flow}
              </Link>
              {e.recordKey ? (
                <>
                  {' '}
                  · record{' '}
                  <Link to={`/lineage?recordKey=${encodeURIComponent(e.recordKey)}`} className="mono" data-testid="drawer-record-key">
                    {e.recordKey}
                  </Link>
                </>
              ) : null}
            </div>
          ) : null}
        </>
      }
    >
      <ErrorBanner error={detail.error} onRetry={() => void detail.refetch()} />
      {!e && !detail.error ? <Loading /> : null}
      {e ? (
        <>
          <SuccessBanner text={notice?.id === e.id ? notice.text : null} testId="workflow-notice" />
          {mayAct ? (
            <ExceptionWorkflow
              key={e.id}
              exception={e}
              me={me}
              users={users}
              onChanged={(text) => {
                setNotice({ id: e.id, text });
                void detail.refetch();
              }}
            />
          ) : (
            <p className="banner banner-info" data-testid="read-only-note">
              Your role ({humanize(me.role)}) reads exceptions; admins, finance ops and IT ops work them.
            </p>
          )}
          <Facts e={e} />
          <ExceptionReplaySection exception={e} onReplayed={() => void detail.refetch()} />
          <ExceptionComments key={`c-${e.id}`} exceptionId={e.id} comments={e.comments} mayComment={mayAct} onAdded={() => void detail.refetch()} />
          <ExceptionTimeline exceptionId={e.id} history={e.history} />
          <Context e={e} />
        </>
      ) : null}
    </Drawer>
  );
}

function Facts({ e }: { e: ExceptionDetailDto }) {
  return (
    <DrawerSection aria-label="Details">
      {e.detail ? (
        <p className="exception-detail" data-testid="drawer-detail">
          {e.detail}
        </p>
      ) : null}
      <dl className="facts facts-tight">
        <Fact label="Amount at risk">{e.amountAtRisk ? <Amount amount={e.amountAtRisk} currency={e.currency} testId="drawer-amount" /> : '—'}</Fact>
        <Fact label="Entity / period">
          {e.entity ?? '—'} / {e.period ?? '—'}
        </Fact>
        <Fact label="Assignee" testId="drawer-assignee">
          {e.assignee ? `${userLabel(e.assignee)}${e.assignee.name ? ` (${e.assignee.email})` : ''}` : 'Unassigned'}
        </Fact>
        <Fact label="Cause">{e.cause ? <span className="mono">{e.cause}</span> : '—'}</Fact>
        <Fact label="First / last seen">
          <UtcTime iso={e.firstSeenAt} />
          <div>
            <UtcTime iso={e.lastSeenAt} /> {e.occurrences > 1 ? <span className="muted">({e.occurrences}×)</span> : null}
          </div>
        </Fact>
        <Fact label="Age / SLA due">
          <span className="chip">{e.ageBucket}</span> <UtcTime iso={e.slaDueAt} className={e.overdue ? 'text-bad' : undefined} />
        </Fact>
        {e.closeDeadline ? (
          <Fact label="Close deadline">
            <UtcTime iso={e.closeDeadline} />
          </Fact>
        ) : null}
        {e.incidentId ? (
          <Fact label="Incident">
            <Link to={`/incidents/${encodeURIComponent(e.incidentId)}`} data-testid="drawer-incident">
              View incident
            </Link>
          </Fact>
        ) : null}
        {e.runId ? (
          <Fact label="Run">
            <span className="mono">{e.runId}</span>
          </Fact>
        ) : null}
        {e.acknowledged ? (
          <Fact label="Acknowledged">
            {actorLabel(e.acknowledged.by)}
            <div>
              <UtcTime iso={e.acknowledged.at} className="small muted" />
            </div>
          </Fact>
        ) : null}
        {e.resolution ? (
          <Fact label="Resolution" testId="drawer-resolution">
            <span className="chip">{humanize(e.resolution.code)}</span> {actorLabel(e.resolution.by)}
            {e.resolution.note ? <div className="small">{e.resolution.note}</div> : null}
          </Fact>
        ) : null}
        {e.dismissal ? (
          <Fact label="Dismissal" testId="drawer-dismissal">
            <div className="small">{e.dismissal.reason}</div>
            <div className="small muted">
              asked by {actorLabel(e.dismissal.requestedBy)}
              {e.dismissal.pendingApproval
                ? ', waiting for a second approval'
                : e.dismissal.approvedBy
                  ? `, approved by ${actorLabel(e.dismissal.approvedBy)}`
                  : ''}
            </div>
          </Fact>
        ) : null}
      </dl>
      {e.severityReasons.length ? (
        <div className="severity-reasons small">
          <span className="muted">Severity {e.severity}: </span>
          {e.severityReasons.join('; ')}
        </div>
      ) : null}
    </DrawerSection>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What the evaluator saw, as it reported it (trace ids link to the trace view). */
function Context({ e }: { e: ExceptionDetailDto }) {
  const entries = Object.entries(e.context).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (!entries.length) return null;
  return (
    <DrawerSection aria-label="Context">
      <h3>What was seen</h3>
      <dl className="context-list small">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt className="muted">{k}</dt>
            <dd className="mono">
              {k === 'traceId' && typeof v === 'string' ? (
                <Link to={`/traces/${encodeURIComponent(v)}`}>{v}</Link>
              ) : typeof v === 'object' ? (
                JSON.stringify(v)
              ) : (
                String(v)
              )}
            </dd>
          </div>
        ))}
      </dl>
    </DrawerSection>
  );
}
