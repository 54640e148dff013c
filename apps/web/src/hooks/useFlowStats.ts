import { type IngestStatsResponse } from '@closewatch/contracts/telemetry';
import { useEffect, useState } from 'react';
import { errorText } from '../api/api-error';
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

/** Per-flow stats of the last five minutes: first from the API, then every `flows.stats` push. */
export function useFlowStats(): FlowStatsState {
  const { socket } = useSocket();
  const [state, setState] = useState<FlowStatsState>({ stats: undefined, error: null, updates: 0 });

  useEffect(() => {
    const ctl = new AbortController();
    getIngestStats(LIVE_STATS_WINDOW_SECONDS, ctl.signal).then(
      (stats) => setState((s) => ({ ...s, stats: newerStats(s.stats, stats), error: null })),
      (e: unknown) => {
        if (!ctl.signal.aborted) setState((s) => ({ ...s, error: errorText(e) }));
      },
    );
    return () => ctl.abort();
  }, []);

  useEffect(() => {
    if (!socket) return;
    const onStats = (stats: IngestStatsResponse) => setState((s) => ({ stats: newerStats(s.stats, stats), error: null, updates: s.updates + 1 }));
    socket.on('flows.stats', onStats);
    if (socket.connected) socket.emit('flows.stats.request');
    return () => {
      socket.off('flows.stats', onStats);
    };
  }, [socket]);

  return state;
}
