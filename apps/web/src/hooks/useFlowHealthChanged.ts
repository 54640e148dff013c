import { type FlowHealthChangedEvent } from '@closewatch/contracts/sync-health';
import { useEffect, useEffectEvent } from 'react';
import { useSocket } from './useSocket';

/**
 * Subscribes to `flows.health` (flows whose sync status changed at the last evaluation).
 * `onChange` gets the event, or null when the stream (re)connects (anything may have changed).
 */
export function useFlowHealthChanged(onChange: (event: FlowHealthChangedEvent | null) => void): void {
  const { socket } = useSocket();
  const deliver = useEffectEvent(onChange);

  useEffect(() => {
    if (!socket) return;
    const onEvent = (event: FlowHealthChangedEvent) => deliver(event);
    // Whatever changed before this (re)connection was not pushed to this socket.
    const onConnect = () => deliver(null);
    socket.on('flows.health', onEvent);
    socket.on('connect', onConnect);
    return () => {
      socket.off('flows.health', onEvent);
      socket.off('connect', onConnect);
    };
  }, [socket]);
}
