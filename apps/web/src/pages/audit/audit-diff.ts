/** One field of an audit entry's before/after that differs, by its dotted path. */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What changed between an entry's `before` and `after` (pure): objects are compared field by field
 * at every depth, anything else (arrays included) as a whole value; paths sorted. A side that is
 * null or absent (a creation, a deletion) makes every field of the other side added or removed.
 */
export function auditDiff(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in before)) return [{ path: p, kind: 'added' as const, before: undefined, after: after[k] }];
      if (!(k in after)) return [{ path: p, kind: 'removed' as const, before: before[k], after: undefined }];
      return auditDiff(before[k], after[k], p);
    });
  }
  if (before == null && isRecord(after)) return auditDiff({}, after, path);
  if (after == null && isRecord(before)) return auditDiff(before, {}, path);
  if (same(before, after)) return [];
  if (before === undefined || before === null) return [{ path: path || '(value)', kind: 'added', before, after }];
  if (after === undefined || after === null) return [{ path: path || '(value)', kind: 'removed', before, after }];
  return [{ path: path || '(value)', kind: 'changed', before, after }];
}

/** A value as a diff cell shows it: strings as they are, anything else as JSON, absent as an em dash. */
export function diffValue(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
