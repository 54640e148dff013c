import { type EntityManager } from 'typeorm';
import { type IncidentStatus } from '@closewatch/contracts/exceptions';

/** An incident as a refresh left it. */
export interface IncidentChange {
  id: string;
  status: IncidentStatus;
}

/**
 * Who is told of incident changes inside the transaction that makes them, so what they write
 * (the alerts outbox) commits or rolls back with the change. Incidents own this port and the
 * alerts feature provides it (INCIDENT_CHANGE_LISTENER, optional): alerts depend on incidents,
 * not the other way round.
 */
export interface IncidentChangeListener {
  incidentsChanged(m: EntityManager, changes: readonly IncidentChange[], now: Date): Promise<void>;
}

export const INCIDENT_CHANGE_LISTENER = Symbol('IncidentChangeListener');
