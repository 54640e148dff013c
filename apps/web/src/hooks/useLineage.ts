import { type LineageDetailResponse } from '@closewatch/contracts/lineage';
import { getLineage } from '../api/lineage';
import { type ApiState, useApi } from './useApi';

/** The lineage of one record key (nothing to fetch without one). */
export function useLineage(recordKey: string | null): ApiState<LineageDetailResponse> {
  return useApi(recordKey ? `lineage:${recordKey}` : null, (signal) => getLineage(recordKey ?? '', signal));
}
