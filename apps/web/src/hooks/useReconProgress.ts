import { type ReconProgressEvent } from '@closewatch/contracts/recon';
import { useState } from 'react';
import { useReconEvents } from './useReconEvents';

/** The latest rows read per side of every run seen running since the page opened, by run id. */
export function useReconProgress(): ReadonlyMap<string, ReconProgressEvent> {
  const [progress, setProgress] = useState<ReadonlyMap<string, ReconProgressEvent>>(new Map());
  useReconEvents({
    onProgress: (e) =>
      setProgress((cur) => {
        const prev = cur.get(e.runId);
        if (prev && prev.at > e.at) return cur;
        return new Map(cur).set(e.runId, e);
      }),
  });
  return progress;
}
