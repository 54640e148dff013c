import { type TraceResponse } from '@closewatch/contracts/telemetry';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { getTrace } from '../api/traces';

export function useTrace(traceId: string): UseQueryResult<TraceResponse> {
  return useQuery({ queryKey: queryKeys.traces.detail(traceId), queryFn: ({ signal }) => getTrace(traceId, signal) });
}
