import { type TraceResponse } from '@closewatch/contracts/telemetry';
import { getTrace } from '../api/traces';
import { type ApiState, useApi } from './useApi';

export function useTrace(traceId: string): ApiState<TraceResponse> {
  return useApi(`trace:${traceId}`, (signal) => getTrace(traceId, signal));
}
