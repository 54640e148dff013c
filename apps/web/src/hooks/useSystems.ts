import { type SystemDto } from '@closewatch/contracts/catalog';
import { type Page } from '@closewatch/contracts/pagination';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listSystems } from '../api/flows';
import { queryKeys } from '../api/query-keys';

export function useSystems(): UseQueryResult<Page<SystemDto>> {
  return useQuery({ queryKey: queryKeys.systems.all, queryFn: ({ signal }) => listSystems(signal) });
}
