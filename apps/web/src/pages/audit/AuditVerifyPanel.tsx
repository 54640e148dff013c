import { type AuditBreakReason, type AuditVerifyDto } from '@closewatch/contracts/audit';
import { Badge } from '../../components/Badge';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { useLastAuditCheckpoint } from '../../hooks/useAuditLog';

const REASON: Record<AuditBreakReason, string> = {
  gap: 'an entry is missing (deleted)',
  prev_hash_mismatch: 'it does not chain to the entry before it (that entry was altered and re-hashed)',
  hash_mismatch: 'it is not what was hashed, or differs from a signed checkpoint (edited, or the chain rewritten)',
  truncated: 'the chain ends before the last signed checkpoint (its tail was cut)',
};

/** The outcome of the last verify on this page, and the newest signed checkpoint the chain is held to. */
export function AuditVerifyPanel({ result, verifying, error }: { result: AuditVerifyDto | null; verifying: boolean; error: string | null }) {
  const checkpoint = useLastAuditCheckpoint();
  return (
    <Panel title="Integrity" testId="audit-verify-panel">
      <div className="panel-body audit-verify">
        {/* data-ok: the outcome shown, empty while a verify runs (an earlier result stays in `result` until it ends). */}
        <div data-testid="audit-verify-result" data-ok={result && !verifying ? String(result.ok) : ''}>
          {verifying ? (
            <Loading />
          ) : result ? (
            result.ok ? (
              <>
                <Badge tone="ok" size="large">
                  Chain intact
                </Badge>{' '}
                <span className="muted">{result.entries.toLocaleString('en-US')} entries verified</span>
              </>
            ) : (
              <>
                <Badge tone="bad" size="large">
                  Chain broken
                </Badge>{' '}
                <span data-testid="audit-verify-break">
                  at entry <strong className="mono">#{result.firstBrokenId}</strong>: {result.reason ? REASON[result.reason] : 'unknown reason'}{' '}
                  <span className="mono muted">({result.reason})</span>; {result.entries.toLocaleString('en-US')} entries verified before it
                </span>
              </>
            )
          ) : (
            <span className="muted">Not verified on this page yet: Verify recomputes every hash and checks the signed checkpoints.</span>
          )}
        </div>
        <ErrorBanner error={error} />
        <div className="small" data-testid="audit-last-checkpoint">
          <span className="muted">Last checkpoint: </span>
          {checkpoint.isLoading ? (
            '…'
          ) : checkpoint.data ? (
            <>
              {checkpoint.data.entries.toLocaleString('en-US')} entries, signed <UtcTime iso={checkpoint.data.at} /> with key{' '}
              <span className="mono">{checkpoint.data.keyId}</span>, head <span className="mono">{checkpoint.data.hash.slice(0, 16)}…</span>
            </>
          ) : checkpoint.error ? (
            <span className="text-bad">could not be read</span>
          ) : (
            'none signed yet'
          )}
        </div>
      </div>
    </Panel>
  );
}
