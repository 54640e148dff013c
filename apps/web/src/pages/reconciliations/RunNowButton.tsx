import { useState } from 'react';
import { errorText } from '../../api/api-error';
import { startReconRun } from '../../api/recons';
import { Button } from '../../components/Button';

/** Queues a run now; the page follows it through recon.run and recon.progress. */
export function RunNowButton({ reconId, disabled, onStarted }: { reconId: string; disabled?: boolean; onStarted?: (runId: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const { runId } = await startReconRun(reconId);
      onStarted?.(runId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="recon-run-now">
      <Button size="small" variant="primary" onClick={() => void run()} disabled={busy || disabled} data-testid="run-now">
        {busy ? 'Starting…' : 'Run now'}
      </Button>
      {error ? (
        <span className="small text-bad" role="alert" data-testid="run-now-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
