import { type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';

/** `exceptions.changed` events that arrived close together, as one: what changed, by which causes, latest time. */
export interface ExceptionChanges {
  causes: ExceptionsChangedEvent['cause'][];
  exceptionIds: string[];
  incidentIds: string[];
  at: string;
  /** The live stream reconnected: events may have been missed, so everything shown is refetched. */
  resync: boolean;
}

/** What a reconnect means: anything may have changed while the stream was down. */
export function resyncChanges(at: string): ExceptionChanges {
  return { causes: [], exceptionIds: [], incidentIds: [], at, resync: true };
}

export function mergeChanges(into: ExceptionChanges | null, event: ExceptionsChangedEvent): ExceptionChanges {
  const base = into ?? { causes: [], exceptionIds: [], incidentIds: [], at: event.at, resync: false };
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  return {
    causes: union(base.causes, [event.cause]) as ExceptionChanges['causes'],
    exceptionIds: union(base.exceptionIds, event.exceptionIds),
    incidentIds: union(base.incidentIds, event.incidentIds),
    at: Date.parse(event.at) > Date.parse(base.at) ? event.at : base.at,
    resync: base.resync,
  };
}

/** Whether the changes concern an exception or incident shown (undefined: anything does). */
export function changesTouch(changes: ExceptionChanges, shown: { exceptionId?: string; incidentId?: string }): boolean {
  if (changes.resync) return true;
  if (shown.exceptionId !== undefined && changes.exceptionIds.includes(shown.exceptionId)) return true;
  if (shown.incidentId !== undefined && changes.incidentIds.includes(shown.incidentId)) return true;
  return shown.exceptionId === undefined && shown.incidentId === undefined;
}
