import { type IngestStatsSeriesResponse } from '@closewatch/contracts/telemetry';
import { getIngestSeries, type SeriesRequest } from '../api/stats';
import { type ApiState, useApi } from './useApi';
import { useTick } from './useTick';

/**
 * Throughput and errors per step for a chart. Refreshed every minute, and whenever `version`
 * changes (pass something that moves with new traffic, e.g. the live hop total).
 */
export function useStatsSeries(req: SeriesRequest, version: string | number = 0): ApiState<IngestStatsSeriesResponse> {
  const tick = useTick(60_000);
  const key = `${req.flow ?? '*'}:${req.windowSeconds}:${req.stepSeconds}:${version}:${tick}`;
  return useApi(key, (signal) => getIngestSeries(req, signal));
}
