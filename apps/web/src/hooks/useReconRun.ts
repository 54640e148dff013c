import { type ReconRunDto } from '@closewatch/contracts/recon';
import { useState } from 'react';
import { getReconRun } from '../api/recon-runs';
import { type ApiState, useApi } from './useApi';
import { useReconEvents } from './useReconEvents';

/** One run: refetched when its status changes, its rows-read progress followed live in between. */
export function useReconRun(runId: string): ApiState<ReconRunDto> {
  const state = useApi(`recon-run:${runId}`, (signal) => getReconRun(runId, signal));
  const [live, setLive] = useState<{ runId: string; source: number; target: number; at: string } | null>(null);
  useReconEvents({
    onRun: (e) => (e === null || e.runId === runId ? state.reload() : undefined),
    onProgress: (e) => {
      if (e.runId === runId) setLive({ runId, source: e.source, target: e.target, at: e.at });
    },
  });
  const data = state.data;
  if (!data || !live || live.runId !== data.runId || data.status !== 'running') return state;
  const stored = data.progress.updatedAt;
  if (stored !== null && stored >= live.at) return state;
  return { ...state, data: { ...data, progress: { source: live.source, target: live.target, updatedAt: live.at } } };
}
