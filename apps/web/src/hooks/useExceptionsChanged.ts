import { type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';
import { useEffect, useEffectEvent } from 'react';
import { type ExceptionChanges, mergeChanges, resyncChanges } from '../live/exception-changes';
import { useSocket } from './useSocket';

/** Events this close together are handed over as one, so a burst of intake refetches once. */
export const EXCEPTION_CHANGES_DEBOUNCE_MS = 250;

/**
 * Subscribes to `exceptions.changed`: `onChange` gets the changes (batched over a short
 * interval) after they were committed, and a resync whenever the stream (re)connects, since events
 * may have been missed while it was down.
 */
export function useExceptionsChanged(onChange: (changes: ExceptionChanges) => void): void {
  const { socket } = useSocket();
  const deliver = useEffectEvent(onChange);

  useEffect(() => {
    if (!socket) return;
    let pending: ExceptionChanges | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const changes = pending;
      pending = null;
      if (changes) deliver(changes);
    };
    const onEvent = (event: ExceptionsChangedEvent) => {
      pending = mergeChanges(pending, event);
      timer ??= setTimeout(flush, EXCEPTION_CHANGES_DEBOUNCE_MS);
    };
    // Whatever changed before this (re)connection was not pushed to this socket.
    const onConnect = () => deliver(resyncChanges(new Date().toISOString()));
    socket.on('exceptions.changed', onEvent);
    socket.on('connect', onConnect);
    return () => {
      clearTimeout(timer);
      socket.off('exceptions.changed', onEvent);
      socket.off('connect', onConnect);
    };
  }, [socket]);
}
