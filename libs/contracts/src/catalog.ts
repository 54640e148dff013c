import { type CloseCalendarDto } from './close';

/** Systems and flows: the governed sync paths Closewatch watches (docs/catalog.md). */
export const SYSTEM_KINDS = ['erp', 'fpa', 'crm', 'billing', 'procurement', 'ap', 'hr', 'ops', 'warehouse', 'bank', 'middleware', 'reporting'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export const FLOW_PATTERNS = ['batch', 'event', 'api', 'master_data', 'writeback', 'hub'] as const;
export type FlowPattern = (typeof FLOW_PATTERNS)[number];

export const WORKFLOWS = ['order_to_cash', 'procure_to_pay', 'record_to_report', 'hire_to_retire', 'plan_to_perform', 'manufacture_to_report'] as const;
export type Workflow = (typeof WORKFLOWS)[number];

export const IMPACT_AREAS = ['close', 'cash', 'board_metric'] as const;
export type ImpactArea = (typeof IMPACT_AREAS)[number];

export interface SystemDto {
  id: string;
  name: string;
  kind: SystemKind;
  description: string | null;
}

export interface FlowSloDto {
  /** Max lag for one record, in seconds, from first `emitted` to first `posted`/`published`. */
  maxLagSeconds: number;
  /** Batch flows: expected schedule (cron, 5 or 6 fields) and its time zone. */
  scheduleCron: string | null;
  scheduleTimezone: string;
  /** Batch flows: how long after the expected time a run may start before it counts as missed. */
  graceSeconds: number;
  /**
   * Event flows (no schedule): how long the flow may go without any hop before it is `stale`
   * and raises `flow_stale`. Absent means off (quiet nights and weekends are normal for many flows).
   */
  maxSilenceSeconds?: number;
}

export interface FlowDto {
  id: string;
  name: string;
  sourceSystem: string;
  targetSystem: string;
  pattern: FlowPattern;
  workflow: Workflow;
  slo: FlowSloDto;
  ownerTeam: string | null;
  alertRoute: string | null;
  /**
   * Runbook URLs by error class (a delivery failure's class, a break type: the incident's cause),
   * `default` for any other; alert notifications carry the one of their incident. Absent when none.
   */
  runbooks?: Record<string, string>;
  /** The webhook receiver replay requests for this flow's failed records go to (docs/replays.md). Absent when none. */
  replay?: { receiver: string };
  impacts: ImpactArea[];
  boardMetrics: string[];
  materiality: { amount: string; currency: string } | null;
  entities: string[];
  description: string | null;
}

/** The whole catalog as one document, for `GET/PUT /api/v1/catalog` (YAML or JSON). */
export interface CatalogDocument {
  version: 1;
  systems: SystemDto[];
  flows: FlowDto[];
  /** Close calendars by entity (close.ts). */
  calendars: CloseCalendarDto[];
}

/** `PUT /api/v1/catalog?mode=`: merge upserts; replace also deletes what the document omits. */
export const CATALOG_IMPORT_MODES = ['merge', 'replace'] as const;
export type CatalogImportMode = (typeof CATALOG_IMPORT_MODES)[number];

export interface CatalogIds {
  systems: string[];
  flows: string[];
  /** Entities whose close calendar is meant. */
  calendars: string[];
}

/** What an import did (or, with dryRun, would do), with the ids in each bucket sorted. */
export interface CatalogImportSummary {
  mode: CatalogImportMode;
  dryRun: boolean;
  created: CatalogIds;
  updated: CatalogIds;
  deleted: CatalogIds;
  unchanged: CatalogIds;
}
