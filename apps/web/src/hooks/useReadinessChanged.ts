import { type ReadinessChangedEvent } from '@closewatch/contracts/readiness';
import { useLiveEvent } from './useLiveEvent';

/**
 * Subscribes to `close.readiness` (entities and periods whose readiness changed). `onChange` gets
 * the event, or null when the stream (re)connects (anything may have changed meanwhile).
 */
export function useReadinessChanged(onChange: (event: ReadinessChangedEvent | null) => void): void {
  useLiveEvent('close.readiness', onChange);
}
