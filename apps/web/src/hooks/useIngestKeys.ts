import { type IngestKeyDto } from '@closewatch/contracts/ingest-keys';
import { type Page } from '@closewatch/contracts/pagination';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { listIngestKeys } from '../api/ingest-keys';
import { queryKeys } from '../api/query-keys';

export function useIngestKeys(): UseQueryResult<Page<IngestKeyDto>> {
  return useQuery({ queryKey: queryKeys.ingestKeys.all, queryFn: ({ signal }) => listIngestKeys(signal) });
}
