import { type EntityManager } from 'typeorm';
import { type ExceptionType } from '@closewatch/contracts/exceptions';

/** A new exception, about to be written, to place in an incident. */
export interface ExceptionToPlace {
  /** The caller's handle for it (the fingerprint). */
  ref: string;
  flow: string;
  type: ExceptionType;
  cause: string | null;
  entity: string | null;
  period: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Where each exception goes (ref → incident id) and the incidents it touches (created ones included). */
export interface Placement {
  incidentOf: Map<string, string>;
  incidentIds: string[];
}

/**
 * What exceptions need from incidents, inside the exceptions' own transaction: place new
 * exceptions before they are written, and re-derive incidents after any change. Exceptions own
 * this port and the incidents feature provides it (INCIDENT_GROUPING), so incidents depend on
 * exceptions and not the other way round.
 */
export interface IncidentGrouping {
  place(m: EntityManager, exceptions: readonly ExceptionToPlace[]): Promise<Placement>;
  refresh(m: EntityManager, incidentIds: readonly (string | null)[]): Promise<void>;
}

export const INCIDENT_GROUPING = Symbol('IncidentGrouping');
