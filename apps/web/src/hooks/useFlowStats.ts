import { type IngestStatsResponse } from '@closewatch/contracts/telemetry';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorText } from '../api/api-error';
import { queryKeys } from '../api/query-keys';
import { getIngestStats } from '../api/stats';
import { newerStats } from '../live/stats-merge';
import { useSocket } from './useSocket';

/** The window of the live stats the gateway pushes. */
export const LIVE_STATS_WINDOW_SECONDS = 300;

export interface FlowStatsState {
  stats: IngestStatsResponse | undefined;
  error: string | null;
  /** How many pushes arrived over the live stream. */
  updates: number;
}

/**
 * Per-flow stats of the last five minutes: one query, first answered by the API, then updated
 * in place by every `flows.stats` push; whichever was computed last wins.
 */
export function useFlowStats(): FlowStatsState {
  const { socket } = useSocket();
  const client = useQueryClient();
  const key = queryKeys.stats.live(LIVE_STATS_WINDOW_SECONDS);
  const query = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const fetched = await getIngestStats(LIVE_STATS_WINDOW_SECONDS, signal);
      // A push may have arrived while the answer was on its way.
      return newerStats(client.getQueryData<IngestStatsResponse>(key), fetched) ?? fetched;
    },
  });
  const [updates, setUpdates] = useState(0);

  useEffect(() => {
    if (!socket) return;
    const statsKey = queryKeys.stats.live(LIVE_STATS_WINDOW_SECONDS);
    const onStats = (stats: IngestStatsResponse) => {
      client.setQueryData<IngestStatsResponse>(statsKey, (cached) => newerStats(cached, stats));
      setUpdates((n) => n + 1);
    };
    socket.on('flows.stats', onStats);
    if (socket.connected) socket.emit('flows.stats.request');
    return () => {
      socket.off('flows.stats', onStats);
    };
  }, [socket, client]);

  return { stats: query.data, error: query.error && !query.data ? errorText(query.error) : null, updates };
}
