import { type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getIncident } from '../api/incidents';
import { queryKeys } from '../api/query-keys';

/** One incident with its exceptions; invalidated when it or one of them changes. */
export function useIncident(id: string): UseQueryResult<IncidentDetailDto> {
  return useQuery({ queryKey: queryKeys.incidents.detail(id), queryFn: ({ signal }) => getIncident(id, signal) });
}
