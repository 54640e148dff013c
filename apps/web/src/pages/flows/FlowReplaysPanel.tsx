import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useReplaySeries } from '../../hooks/useReplays';
import { ReplaySuccessChart } from '../replays/ReplaySuccessChart';
import { type HealthWindow } from './health-window';

/** The flow's replay success rate over the page's window (flows that name a replay receiver). */
export function FlowReplaysPanel({ flow, range }: { flow: string; range: HealthWindow }) {
  // Replays are rare next to hops: steps of at least 5 minutes, so a bar holds more than one or two.
  const series = useReplaySeries({ flow, windowSeconds: range.seconds, stepSeconds: Math.max(300, range.lagStepSeconds) });
  return (
    <Panel title={`Replays · ${range.label.toLowerCase()}`} testId="flow-replays">
      {series.data ? (
        <ReplaySuccessChart series={series.data} />
      ) : series.error ? (
        <ErrorBanner error={series.error} onRetry={() => void series.refetch()} />
      ) : (
        <Loading />
      )}
    </Panel>
  );
}
