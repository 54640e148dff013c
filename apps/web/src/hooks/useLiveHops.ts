import { type HopDto } from '@closewatch/contracts/telemetry';
import { useEffect, useState } from 'react';
import { listHops } from '../api/hops';
import { hopMatches, prependHops } from '../live/hop-feed';
import { useSocket } from './useSocket';

export interface LiveHops {
  hops: HopDto[];
  /** How many hops arrived over the stream since the page opened. */
  received: number;
}

interface FeedState {
  key: string;
  hops: HopDto[];
  received: number;
}

/**
 * The latest hops (of one flow, or of all), newest first: the newest page from the API, then
 * every `hops.created` batch prepended as it arrives over the live stream.
 */
export function useLiveHops(max = 50, flow?: string): LiveHops {
  const { socket } = useSocket();
  const key = `${flow ?? '*'}:${max}`;
  const [state, setState] = useState<FeedState>({ key, hops: [], received: 0 });

  useEffect(() => {
    const ctl = new AbortController();
    listHops({ flow, limit: max }, ctl.signal).then(
      // Hops streamed in while the page loaded are newer than the page: they stay on top.
      (page) => setState((s) => (s.key === key ? { ...s, hops: prependHops(page.items, [...s.hops].reverse(), max) } : { key, hops: page.items, received: 0 })),
      () => undefined, // the feed still fills from the stream; page errors show elsewhere
    );
    return () => ctl.abort();
  }, [key, flow, max]);

  useEffect(() => {
    if (!socket) return;
    const onHops = (batch: HopDto[]) => {
      const mine = batch.filter((h) => hopMatches(h, flow));
      if (!mine.length) return;
      setState((s) => {
        const base = s.key === key ? s : { key, hops: [], received: 0 };
        return { key, hops: prependHops(base.hops, mine, max), received: base.received + mine.length };
      });
    };
    socket.on('hops.created', onHops);
    return () => {
      socket.off('hops.created', onHops);
    };
  }, [socket, key, flow, max]);

  return state.key === key ? { hops: state.hops, received: state.received } : { hops: [], received: 0 };
}
