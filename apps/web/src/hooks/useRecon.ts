import { type ReconDto } from '@closewatch/contracts/recon';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { getRecon } from '../api/recons';

/** One definition with its last and next run; invalidated when one of its runs changes. */
export function useRecon(id: string | null): UseQueryResult<ReconDto> {
  return useQuery({ queryKey: queryKeys.recons.detail(id ?? ''), queryFn: ({ signal }) => getRecon(id ?? '', signal), enabled: id !== null });
}
