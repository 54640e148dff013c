import { type Page } from '@closewatch/contracts/pagination';
import { type ReconRunHistoryDto } from '@closewatch/contracts/recon';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { listReconRuns } from '../api/recons';

/** The latest runs of a definition (newest first), for the trend and the history table; invalidated when one changes. */
export function useReconRunHistory(id: string | null, limit = 100): UseQueryResult<Page<ReconRunHistoryDto>> {
  return useQuery({
    queryKey: queryKeys.recons.runs(id ?? '', limit),
    queryFn: ({ signal }) => listReconRuns(id ?? '', { limit }, signal),
    enabled: id !== null,
  });
}
