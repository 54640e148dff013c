import { type FlowHealthChangedEvent } from '@closewatch/contracts/sync-health';
import { useLiveEvent } from './useLiveEvent';

/**
 * Subscribes to `flows.health` (flows whose sync status changed at the last evaluation).
 * `onChange` gets the event, or null when the stream (re)connects (anything may have changed).
 */
export function useFlowHealthChanged(onChange: (event: FlowHealthChangedEvent | null) => void): void {
  useLiveEvent('flows.health', onChange);
}
