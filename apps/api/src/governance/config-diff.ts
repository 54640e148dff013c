import { type ConfigFieldChange } from '@closewatch/contracts/config-history';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/**
 * The field-level changes from one configuration snapshot to another: objects are compared
 * member by member and arrays element by element, down to the leaves; a value whose type
 * changes (object to list, a value to null) is one change at its path. Members come in sorted
 * order, so the same two snapshots always give the same list. `null`/`undefined` as a whole
 * snapshot stands for "absent" (a creation or a deletion).
 */
export function diffConfig(before: unknown, after: unknown): ConfigFieldChange[] {
  const out: ConfigFieldChange[] = [];
  walk(before ?? undefined, after ?? undefined, '', out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, out: ConfigFieldChange[]): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    out.push({ path, change: 'added', after });
    return;
  }
  if (after === undefined) {
    out.push({ path, change: 'removed', before });
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) walk(before[k], after[k], join(path, k), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) walk(i < before.length ? before[i] : undefined, i < after.length ? after[i] : undefined, `${path}[${i}]`, out);
    return;
  }
  if (!sameLeaf(before, after)) out.push({ path, change: 'changed', before, after });
}

/** Leaves as JSON stores them: two objects or lists reaching here differ in kind, so compare their JSON. */
function sameLeaf(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
