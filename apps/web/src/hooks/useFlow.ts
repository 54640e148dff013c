import { type FlowDto } from '@closewatch/contracts/catalog';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getFlow } from '../api/flows';
import { queryKeys } from '../api/query-keys';

/** One catalog flow; a 404 means the flow id is not registered. */
export function useFlow(id: string): UseQueryResult<FlowDto> {
  return useQuery({ queryKey: queryKeys.flows.detail(id), queryFn: ({ signal }) => getFlow(id, signal) });
}
