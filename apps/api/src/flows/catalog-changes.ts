import { type CatalogIds } from '@closewatch/contracts/catalog';
import { type CatalogState } from './catalog-plan';

export type CatalogObjectType = 'system' | 'flow' | 'close_calendar';

/** One object a catalog import changed, as it was and as it is (null: absent). */
export interface CatalogObjectChange {
  objectType: CatalogObjectType;
  id: string;
  op: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
}

const SECTIONS = [
  { key: 'systems', objectType: 'system', idOf: (x: { id?: string; entity?: string }) => x.id! },
  { key: 'flows', objectType: 'flow', idOf: (x: { id?: string; entity?: string }) => x.id! },
  { key: 'calendars', objectType: 'close_calendar', idOf: (x: { id?: string; entity?: string }) => x.entity! },
] as const;

/**
 * The objects an applied import created, updated or deleted, with their state read before and
 * after it (systems, then flows, then calendars; each by id), for the audit log and versions.
 */
export function catalogChanges(
  before: CatalogState,
  after: CatalogState,
  changed: { created: CatalogIds; updated: CatalogIds; deleted: CatalogIds },
): CatalogObjectChange[] {
  const out: CatalogObjectChange[] = [];
  for (const { key, objectType, idOf } of SECTIONS) {
    const was = new Map<string, unknown>(before[key].map((x) => [idOf(x), x]));
    const is = new Map<string, unknown>(after[key].map((x) => [idOf(x), x]));
    const ops = [
      ...changed.created[key].map((id) => ({ id, op: 'create' as const })),
      ...changed.updated[key].map((id) => ({ id, op: 'update' as const })),
      ...changed.deleted[key].map((id) => ({ id, op: 'delete' as const })),
    ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const { id, op } of ops) out.push({ objectType, id, op, before: was.get(id) ?? null, after: is.get(id) ?? null });
  }
  return out;
}
