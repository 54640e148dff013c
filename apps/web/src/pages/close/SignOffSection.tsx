import { type ReadinessDto } from '@closewatch/contracts/readiness';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { queryKeys } from '../../api/query-keys';
import { signOffClose } from '../../api/readiness';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextArea } from '../../components/Input';
import { Loading } from '../../components/Loading';
import { UtcTime } from '../../components/UtcTime';
import { READINESS_LABEL, READINESS_TONE } from '../../format/readiness';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useCloseSignOff } from '../../hooks/useReadiness';
import { useSession } from '../../hooks/useSession';

/**
 * The period's close sign-off (docs/close.md, "Sign-off"): who signed it off and the signed audit
 * checkpoint that seals it, or, for admins and finance ops, the sign-off itself: never while
 * blocked, with a note while at risk.
 */
export function SignOffSection({ cell }: { cell: ReadinessDto }) {
  const signOff = useCloseSignOff(cell.entity, cell.period);
  const { user } = useSession();
  const canSign = user?.role === 'admin' || user?.role === 'finance_ops';
  const [note, setNote] = useState('');
  const { busy, error, run } = useBusyAction();
  const client = useQueryClient();

  if (signOff.isPending) return <Loading />;
  if (signOff.error) return <ErrorBanner error={signOff.error} />;
  const done = signOff.data;
  if (done) {
    return (
      <div data-testid="signoff-done">
        <p>
          <Badge tone="ok">Signed off</Badge> by {done.signedOffBy.email ?? 'Closewatch'} at <UtcTime iso={done.signedOffAt} />, while{' '}
          <Badge tone={READINESS_TONE[done.statusAtSignOff]}>{READINESS_LABEL[done.statusAtSignOff]}</Badge>
        </p>
        {done.note ? <p className="small">Note: {done.note}</p> : null}
        <p className="small muted" data-testid="signoff-checkpoint">
          {done.checkpoint
            ? `Sealed by audit checkpoint ${done.checkpoint.entries} (${done.checkpoint.hash.slice(0, 12)}…, key ${done.checkpoint.keyId}).`
            : 'No audit checkpoint yet; the next hourly one covers it.'}
        </p>
      </div>
    );
  }
  if (!canSign) return <p className="muted small">Not signed off yet. Admins and finance ops sign a close off here.</p>;
  if (cell.status === 'blocked') return <p className="muted small">Resolve what blocks this close before signing it off.</p>;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run('signoff', async () => {
      await signOffClose(cell.entity, cell.period, note.trim() || undefined);
      await client.invalidateQueries({ queryKey: queryKeys.readiness.signOff(cell.entity, cell.period) });
    });
  }

  return (
    <form onSubmit={submit} data-testid="signoff-form">
      {cell.status === 'at_risk' ? (
        <label className="field">
          <span>Why sign off while at risk (required)</span>
          <TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={2} required data-testid="signoff-note" />
        </label>
      ) : null}
      <ErrorBanner error={error} />
      <Button type="submit" variant="primary" disabled={busy !== null} data-testid="signoff-submit">
        {busy ? 'Signing off…' : `Sign off ${cell.entity} ${cell.period}`}
      </Button>
      <p className="small muted">Recorded in the audit log and sealed with a signed checkpoint; a period is signed off once.</p>
    </form>
  );
}
