import { type ReconDto } from '@closewatch/contracts/recon';
import { getRecon } from '../api/recons';
import { type ApiState, useApi } from './useApi';
import { useReconEvents } from './useReconEvents';

/** One definition with its last and next run; refetched when one of its runs changes. */
export function useRecon(id: string | null): ApiState<ReconDto> {
  const state = useApi(id === null ? null : `recon:${id}`, (signal) => getRecon(id ?? '', signal));
  useReconEvents({ onRun: (e) => (e === null || e.reconId === id ? state.reload() : undefined) });
  return state;
}
