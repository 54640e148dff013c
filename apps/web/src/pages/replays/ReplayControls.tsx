import { type ExceptionDetailDto, type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { REPLAY_REQUESTING_ROLES, type ReplayRequestDto } from '@closewatch/contracts/replays';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../api/query-keys';
import { decideReplay, replayException, replayIncident } from '../../api/replays';
import { Button } from '../../components/Button';
import { useConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { DrawerSection } from '../../components/Drawer';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Input } from '../../components/Input';
import { SuccessBanner } from '../../components/SuccessBanner';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useIncidentReplayPreview, useReplayRequests } from '../../hooks/useReplays';
import { replayCoverage } from '../../format/replay';
import { useSession } from '../../hooks/useSession';
import { REPLAY_COLUMNS, replayRowProps } from './replay-columns';

function mayReplay(role: string | undefined): boolean {
  return role !== undefined && (REPLAY_REQUESTING_ROLES as readonly string[]).includes(role);
}

const COLUMNS: Column<ReplayRequestDto>[] = [REPLAY_COLUMNS.requested, REPLAY_COLUMNS.by, REPLAY_COLUMNS.status, REPLAY_COLUMNS.outcome];

/** The exception's replay requests, and the Replay button for a delivery failure of a record (admin, finance_ops, it_ops). */
export function ExceptionReplaySection({ exception: e, onReplayed }: { exception: ExceptionDetailDto; onReplayed(): void }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const requests = useReplayRequests({ exceptionId: e.id });
  const { busy, error, run } = useBusyAction();
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const replayable = e.type === 'delivery_failure' && e.recordKey !== null && (e.status === 'open' || e.status === 'acknowledged');
  if (e.type !== 'delivery_failure' || !e.recordKey) return null;
  const replay = () =>
    void run('replay', async () => {
      const r = await replayException(e.id, note.trim() || undefined);
      setDone(`Replay ${r.id.slice(0, 8)} requested: the middleware is asked to send ${r.recordKey} again.`);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.replays.all });
      onReplayed();
    });
  return (
    <DrawerSection aria-label="Replays" data-testid="exception-replays">
      <h3>Replays</h3>
      <SuccessBanner text={done} testId="replay-notice" />
      {replayable && mayReplay(user?.role) ? (
        <div className="badge-row">
          <Input aria-label="Replay note" placeholder="What was fixed (optional)" value={note} maxLength={4000} onChange={(ev) => setNote(ev.target.value)} />
          <Button variant="primary" onClick={replay} disabled={busy !== null} data-testid="exception-replay">
            {busy ? 'Requesting…' : 'Replay'}
          </Button>
        </div>
      ) : null}
      <ErrorBanner error={error ?? requests.error} />
      {requests.data ? (
        <DataTable
          columns={COLUMNS}
          rows={requests.data.items}
          rowKey={(r) => r.id}
          rowProps={replayRowProps}
          empty={<EmptyState title="Not replayed yet" />}
          testId="replays-table"
        />
      ) : null}
    </DrawerSection>
  );
}

/**
 * Replays every failed record of an open or acknowledged incident (admin, finance_ops, it_ops):
 * the button says how many records and how much it covers, and the confirmation says when a
 * second person must approve it first (above a flow's materiality).
 */
export function ReplayIncidentButton({ incident }: { incident: IncidentDetailDto }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { busy, error, run } = useBusyAction();
  const { confirm, dialog } = useConfirmDialog();
  const [done, setDone] = useState<string | null>(null);
  const allowed = mayReplay(user?.role) && incident.status !== 'resolved';
  const preview = useIncidentReplayPreview(incident.id, allowed);
  if (!allowed) return null;
  const p = preview.data;
  const coverage = p ? replayCoverage(p.count, p.amounts) : null;
  const replay = async () => {
    if (!p || !coverage) return;
    const ok = await confirm({
      title: `Replay ${coverage}?`,
      text: p.needsApproval
        ? `Above materiality, so a second person must approve it before anything is sent (${p.reasons.join('; ')}).`
        : 'The middleware is asked to send each of them again.',
      confirmLabel: p.needsApproval ? 'Ask for approval' : 'Replay',
    });
    if (!ok) return;
    await run('replay', async () => {
      const res = await replayIncident(incident.id);
      const n = `${res.requested} replay request${res.requested === 1 ? '' : 's'}`;
      setDone(res.pendingApproval ? `${n} wait for a second person's approval (Replays page).` : `${n} sent to the middleware.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.replays.all });
    });
  };
  return (
    <>
      <Button
        onClick={() => void replay()}
        disabled={busy !== null || !p || p.count === 0}
        data-testid="incident-replay"
        data-needs-approval={p?.needsApproval ? 'true' : 'false'}
      >
        {busy ? 'Requesting…' : p && p.count > 0 ? `Replay ${coverage}` : 'No failed records to replay'}
      </Button>
      {dialog}
      <SuccessBanner text={done} testId="incident-replay-notice" />
      <ErrorBanner error={error ?? preview.error} />
    </>
  );
}

/** Approve (a second person) or Reject a bulk replay waiting for approval; shown on its requests for those who may ask for replays. */
export function ReplayApprovalActions({ request: r }: { request: ReplayRequestDto }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { busy, error, run } = useBusyAction();
  if (r.status !== 'pending_approval' || !mayReplay(user?.role)) return null;
  const own = r.requestedBy.id === user?.id;
  const decide = (decision: 'approve' | 'reject') =>
    void run(decision, async () => {
      await decideReplay(r.id, decision);
      void queryClient.invalidateQueries({ queryKey: queryKeys.replays.all });
    });
  return (
    <span className="badge-row">
      <Button
        variant="primary"
        onClick={() => decide('approve')}
        disabled={busy !== null || own}
        title={own ? 'A second person must approve: not the one who asked' : undefined}
        data-testid="replay-approve"
      >
        Approve
      </Button>
      <Button onClick={() => decide('reject')} disabled={busy !== null} data-testid="replay-reject">
        Reject
      </Button>
      <ErrorBanner error={error} />
    </span>
  );
}
