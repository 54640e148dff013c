import { type ExceptionDetailDto, type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { REPLAY_REQUESTING_ROLES, type ReplayRequestDto } from '@closewatch/contracts/replays';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../api/query-keys';
import { replayException, replayIncident } from '../../api/replays';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { DrawerSection } from '../../components/Drawer';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Input } from '../../components/Input';
import { SuccessBanner } from '../../components/SuccessBanner';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useReplayRequests } from '../../hooks/useReplays';
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

/** Replays every failed record of an open or acknowledged incident (admin, finance_ops, it_ops). */
export function ReplayIncidentButton({ incident }: { incident: IncidentDetailDto }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { busy, error, run } = useBusyAction();
  const [done, setDone] = useState<string | null>(null);
  if (!mayReplay(user?.role) || incident.status === 'resolved') return null;
  const replay = () =>
    void run('replay', async () => {
      const res = await replayIncident(incident.id);
      setDone(`${res.requested} replay request${res.requested === 1 ? '' : 's'} sent to the middleware.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.replays.all });
    });
  return (
    <>
      <Button onClick={replay} disabled={busy !== null} data-testid="incident-replay">
        {busy ? 'Requesting…' : 'Replay failed records'}
      </Button>
      <SuccessBanner text={done} testId="incident-replay-notice" />
      <ErrorBanner error={error} />
    </>
  );
}
