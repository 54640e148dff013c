import { type HopDto } from '@closewatch/contracts/telemetry';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { listHops } from '../api/hops';
import { queryKeys } from '../api/query-keys';
import { hopMatches, prependHops } from '../live/hop-feed';
import { useSocket } from './useSocket';

export interface LiveHops {
  hops: HopDto[];
  /** How many hops arrived over the stream since the page opened. */
  received: number;
}

/**
 * The latest hops (of one flow, or of all), newest first: one query, the newest page from the
 * API, with every `hops.created` batch prepended to it as it arrives over the live stream.
 * A feed of 2 × LIVE_HOPS_PER_MESSAGE hops shows all of the last two messages (every ingest request's newest hop).
 */
export function useLiveHops(max = 50, flow?: string): LiveHops {
  const { socket } = useSocket();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.liveHops(flow, max),
    queryFn: async ({ signal }) => {
      const page = await listHops({ flow, limit: max }, signal);
      // Hops streamed in while the page loaded are newer than the page: they stay on top.
      const streamed = client.getQueryData<HopDto[]>(queryKeys.liveHops(flow, max)) ?? [];
      return prependHops(page.items, [...streamed].reverse(), max);
    },
  });
  const [received, setReceived] = useState({ key: `${flow ?? '*'}:${max}`, n: 0 });

  useEffect(() => {
    if (!socket) return;
    const key = `${flow ?? '*'}:${max}`;
    const onHops = (batch: HopDto[], committed: number) => {
      // A message carries only the newest hops committed since the last one: a feed of one flow
      // may have lost some of its own to busier flows, and reloads its page instead.
      if (flow !== undefined && committed > batch.length) void client.invalidateQueries({ queryKey: queryKeys.liveHops(flow, max) }, { cancelRefetch: false });
      const mine = batch.filter((h) => hopMatches(h, flow));
      const arrived = flow === undefined ? committed : mine.length;
      if (mine.length) client.setQueryData<HopDto[]>(queryKeys.liveHops(flow, max), (feed) => prependHops(feed ?? [], mine, max));
      if (arrived) setReceived((r) => ({ key, n: (r.key === key ? r.n : 0) + arrived }));
    };
    socket.on('hops.created', onHops);
    return () => {
      socket.off('hops.created', onHops);
    };
  }, [socket, client, flow, max]);

  return { hops: query.data ?? [], received: received.key === `${flow ?? '*'}:${max}` ? received.n : 0 };
}
