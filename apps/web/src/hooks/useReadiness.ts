import { type CloseSignOffDto, type ReadinessListResponse, type ReadinessTransitionDto } from '@closewatch/contracts/readiness';
import { type Page } from '@closewatch/contracts/pagination';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { closeSignOff, listReadiness, type ReadinessFilters, readinessHistory } from '../api/readiness';
import { queryKeys } from '../api/query-keys';

/** Readiness cells (kept current by `close.readiness` events). */
export function useReadiness(filters: ReadinessFilters = {}): UseQueryResult<ReadinessListResponse> {
  return useQuery({ queryKey: queryKeys.readiness.list(filters), queryFn: ({ signal }) => listReadiness(filters, signal) });
}

export function useReadinessHistory(entity: string, period: string): UseQueryResult<Page<ReadinessTransitionDto>> {
  return useQuery({ queryKey: queryKeys.readiness.history(entity, period), queryFn: ({ signal }) => readinessHistory(entity, period, signal) });
}

/** The entity's period sign-off, or null before it is signed off. */
export function useCloseSignOff(entity: string, period: string): UseQueryResult<CloseSignOffDto | null> {
  return useQuery({ queryKey: queryKeys.readiness.signOff(entity, period), queryFn: ({ signal }) => closeSignOff(entity, period, signal) });
}
