import { type IngestKeyDto } from '@closewatch/contracts/ingest-keys';
import { type Page } from '@closewatch/contracts/pagination';
import { listIngestKeys } from '../api/ingest-keys';
import { type ApiState, useApi } from './useApi';

export function useIngestKeys(): ApiState<Page<IngestKeyDto>> {
  return useApi('ingest-keys', (signal) => listIngestKeys(signal));
}
