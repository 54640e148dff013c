import { io, type Socket } from 'socket.io-client';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@closewatch/contracts/socket';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client of the live stream at `url`, without reconnection (tests close it). */
export function connectLive(url: string, auth?: Record<string, unknown>): LiveClient {
  return io(url, { path: SOCKET_PATH, transports: ['websocket'], reconnection: false, auth, forceNew: true });
}

/** Resolves on `connect`, rejects on `connect_error`. */
export function connected(c: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', (err) => reject(err));
  });
}

/** The first payload of `event` that satisfies `match`. */
export function first<E extends keyof ServerToClientEvents>(
  c: LiveClient,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      c.off(event, listener as never);
      resolve(payload);
    };
    c.on(event, listener as never);
  });
}

/**
 * Sends record `keyOf(i)` through another replica with `send` until a `hops.created` batch
 * holding it reaches `c`, up to `tries` times, waiting `waitMs` for each: replicas find each
 * other through the live adapter within seconds, and until then a replica streams to its own
 * sockets only. Returns the batch, or undefined.
 */
export async function crossingHops(
  c: LiveClient,
  keyOf: (i: number) => string,
  send: (recordKey: string) => Promise<void>,
  tries = 20,
  waitMs = 1_000,
): Promise<HopDto[] | undefined> {
  for (let i = 0; i < tries; i++) {
    const key = keyOf(i);
    const hops = first(c, 'hops.created', (batch) => batch.some((h) => h.recordKey === key));
    await send(key);
    const received = await Promise.race([hops, new Promise<undefined>((r) => setTimeout(() => r(undefined), waitMs))]);
    if (received) return received;
  }
  return undefined;
}
