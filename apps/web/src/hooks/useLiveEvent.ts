import { type ServerToClientEvents } from '@closewatch/contracts/socket';
import { useEffect, useEffectEvent } from 'react';
import { useSocket } from './useSocket';

/** The events whose handler takes one argument: the event itself. */
type SingleArgEvent = { [K in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[K]> extends [unknown] ? K : never }[keyof ServerToClientEvents];

/**
 * Subscribes to one live event: `onEvent` gets each event, or null when the stream (re)connects
 * (anything may have changed while it was down, and nothing of it was pushed to this socket).
 */
export function useLiveEvent<K extends SingleArgEvent>(name: K, onEvent: (event: Parameters<ServerToClientEvents[K]>[0] | null) => void): void {
  const { socket } = useSocket();
  const deliver = useEffectEvent(onEvent);

  useEffect(() => {
    if (!socket) return;
    const onMessage = (event: Parameters<ServerToClientEvents[K]>[0]) => deliver(event);
    const onConnect = () => deliver(null);
    // socket.io's typed overloads do not follow a generic event name.
    const s = socket as unknown as { on(e: string, f: (...a: never[]) => void): void; off(e: string, f: (...a: never[]) => void): void };
    s.on(name, onMessage);
    s.on('connect', onConnect);
    return () => {
      s.off(name, onMessage);
      s.off('connect', onConnect);
    };
  }, [socket, name]);
}
