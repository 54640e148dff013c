import { isDeepStrictEqual } from 'node:util';
import { type CatalogDocument, type CatalogIds, type CatalogImportMode, type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { orderedCalendar, orderedFlow, orderedSystem } from '@closewatch/contracts/catalog-yaml';
import { type CloseCalendarDto } from '@closewatch/contracts/close';
import { type ApiErrorDetail } from '@closewatch/contracts/errors';

export interface CatalogState {
  systems: SystemDto[];
  flows: FlowDto[];
  calendars: CloseCalendarDto[];
}

/** What applying a validated document to the current catalog changes, and in which buckets. */
export interface CatalogPlan {
  /** Problems only visible against the current catalog (unknown systems); empty when applicable. */
  issues: ApiErrorDetail[];
  created: CatalogIds;
  updated: CatalogIds;
  deleted: CatalogIds;
  unchanged: CatalogIds;
  /** Created and updated systems and flows, by id. */
  writeSystems: SystemDto[];
  writeFlows: FlowDto[];
  writeCalendars: CloseCalendarDto[];
}

const sorted = (ids: string[]) => [...ids].sort();

const byId = (x: { id: string }) => x.id;

function classify<T>(current: T[], wanted: T[], mode: CatalogImportMode, normalise: (x: T) => T, idOf: (x: T) => string) {
  const before = new Map(current.map((x) => [idOf(x), normalise(x)]));
  const wantedIds = new Set(wanted.map(idOf));
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const write: T[] = [];
  for (const item of wanted) {
    const id = idOf(item);
    const old = before.get(id);
    if (!old) created.push(id);
    else if (isDeepStrictEqual(old, normalise(item))) unchanged.push(id);
    else updated.push(id);
    if (!old || !isDeepStrictEqual(old, normalise(item))) write.push(item);
  }
  const deleted = mode === 'replace' ? current.map(idOf).filter((id) => !wantedIds.has(id)) : [];
  return { created: sorted(created), updated: sorted(updated), unchanged: sorted(unchanged), deleted: sorted(deleted), write };
}

/**
 * Compares a validated catalog document with the current catalog. `merge` creates and updates;
 * `replace` also deletes every system, flow and calendar the document does not name. Each flow's source
 * and target must be a system that exists afterwards: in the document, or (merge only) already
 * in the catalog.
 */
export function planCatalogImport(current: CatalogState, doc: CatalogDocument, mode: CatalogImportMode): CatalogPlan {
  const systems = classify(current.systems, doc.systems, mode, orderedSystem, byId);
  const flows = classify(current.flows, doc.flows, mode, orderedFlow, byId);
  const calendars = classify(current.calendars, doc.calendars, mode, orderedCalendar, (c) => c.entity);

  const available = new Set(doc.systems.map((s) => s.id));
  if (mode === 'merge') for (const s of current.systems) available.add(s.id);
  const issues: ApiErrorDetail[] = [];
  doc.flows.forEach((f, i) => {
    for (const field of ['sourceSystem', 'targetSystem'] as const) {
      if (!available.has(f[field])) {
        const where = mode === 'replace' ? 'in the document' : 'in the document or the catalog';
        issues.push({ field: `flows[${i}].${field}`, message: `names unknown system "${f[field]}" (not ${where})` });
      }
    }
  });

  return {
    issues,
    created: { systems: systems.created, flows: flows.created, calendars: calendars.created },
    updated: { systems: systems.updated, flows: flows.updated, calendars: calendars.updated },
    deleted: { systems: systems.deleted, flows: flows.deleted, calendars: calendars.deleted },
    unchanged: { systems: systems.unchanged, flows: flows.unchanged, calendars: calendars.unchanged },
    writeSystems: systems.write,
    writeFlows: flows.write,
    writeCalendars: calendars.write,
  };
}
