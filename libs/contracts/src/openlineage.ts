import { z } from 'zod';
import { type Role } from './roles';

/**
 * OpenLineage 2-0-2 run events (docs/audit.md#openlineage): batch runs and reconciliation runs as
 * `RunEvent`s, read at `GET /api/v1/openlineage/events` and optionally pushed to a
 * Marquez-compatible `POST {url}/api/v1/lineage`.
 */

/** Lineage metadata names flows, systems and row counts: every signed-in role reads it. */
export const OPENLINEAGE_READ_ROLES = ['admin', 'finance_ops', 'it_ops', 'auditor', 'viewer'] as const satisfies readonly Role[];

export const OPENLINEAGE_SPEC_VERSION = '2-0-2';
export const RUN_EVENT_SCHEMA_URL = `https://openlineage.io/spec/${OPENLINEAGE_SPEC_VERSION}/OpenLineage.json#/$defs/RunEvent`;

/** The spec's event types; Closewatch sends START, COMPLETE, FAIL and ABORT (a cancelled reconciliation). */
export const RUN_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Every facet names who wrote it and the JSON schema it follows. */
export interface OpenLineageFacet {
  _producer: string;
  _schemaURL: string;
  [field: string]: unknown;
}

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: Record<string, OpenLineageFacet>;
  inputFacets?: Record<string, OpenLineageFacet>;
  outputFacets?: Record<string, OpenLineageFacet>;
}

export interface OpenLineageRunEvent {
  eventType: RunEventType;
  /** ISO 8601 with offset (UTC, `Z`). */
  eventTime: string;
  run: { runId: string; facets?: Record<string, OpenLineageFacet> };
  job: { namespace: string; name: string; facets?: Record<string, OpenLineageFacet> };
  inputs: OpenLineageDataset[];
  outputs: OpenLineageDataset[];
  producer: string;
  schemaURL: string;
}

export const openLineageQuerySchema = z
  .object({
    /** Events Closewatch recorded at or after this instant. */
    since: z.preprocess((v) => (v === '' ? undefined : v), z.iso.datetime({ offset: true }).optional()),
  })
  .strict();
export type OpenLineageQuery = z.infer<typeof openLineageQuerySchema>;
