import { type HopRow } from './hop-row';
import { type CounterDelta } from './ingest-counters';

/**
 * Per-flow counter changes for one written batch: `fresh` are the hops that were new, the rest
 * of `all` were duplicates of hops already stored (or repeated within the batch).
 */
export function hopCounterDeltas(all: HopRow[], fresh: HopRow[]): CounterDelta[] {
  const byFlow = new Map<string, { flowId: string; hops: number; errors: number; duplicates: number }>();
  const entry = (flowId: string) => {
    let d = byFlow.get(flowId);
    if (!d) byFlow.set(flowId, (d = { flowId, hops: 0, errors: 0, duplicates: 0 }));
    return d;
  };
  for (const h of all) entry(h.flowId).duplicates++;
  for (const h of fresh) {
    const d = entry(h.flowId);
    d.duplicates--;
    d.hops++;
    if (h.status === 'error') d.errors++;
  }
  return [...byFlow.values()];
}
