import { type Page } from '@closewatch/contracts/pagination';
import { type ConnectionDto } from '@closewatch/contracts/recon';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listConnections } from '../api/connections';
import { queryKeys } from '../api/query-keys';

/** Named database connections for postgres datasets (never their URLs). */
export function useConnections(): UseQueryResult<Page<ConnectionDto>> {
  return useQuery({ queryKey: queryKeys.connections.all, queryFn: ({ signal }) => listConnections(signal) });
}
