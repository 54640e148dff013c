import { type ReconRunDto } from '@closewatch/contracts/recon';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../api/query-keys';
import { getReconRun } from '../api/recon-runs';
import { useReconEvents } from './useReconEvents';

interface LiveProgress {
  runId: string;
  source: number;
  target: number;
  at: string;
}

/** The run with the pushed rows-read progress when that is newer than what the API stored. */
function withLiveProgress(run: ReconRunDto, live: LiveProgress | null): ReconRunDto {
  if (!live || live.runId !== run.runId || run.status !== 'running') return run;
  const stored = run.progress.updatedAt;
  if (stored !== null && stored >= live.at) return run;
  return { ...run, progress: { source: live.source, target: live.target, updatedAt: live.at } };
}

/** One run: invalidated when its status changes, its rows-read progress followed live in between. */
export function useReconRun(runId: string): UseQueryResult<ReconRunDto> {
  const [live, setLive] = useState<LiveProgress | null>(null);
  useReconEvents({
    onProgress: (e) => {
      if (e.runId === runId) setLive({ runId, source: e.source, target: e.target, at: e.at });
    },
  });
  return useQuery({
    queryKey: queryKeys.reconRuns.detail(runId),
    queryFn: ({ signal }) => getReconRun(runId, signal),
    select: (run) => withLiveProgress(run, live),
  });
}
