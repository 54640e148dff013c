import { type ApiErrorDetail } from '@closewatch/contracts/errors';

/**
 * PostgreSQL text and jsonb cannot hold NUL characters, and jsonb refuses unpaired UTF-16
 * surrogates. Text from the wire is made storable here (each offending character becomes
 * U+FFFD) so one odd attribute never fails a whole batch.
 */
export function storableText(s: string): string {
  let out = s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
  if (!out.isWellFormed()) out = out.toWellFormed();
  return out;
}

/** Whether a string can be stored unchanged (used to reject, rather than alter, event fields). */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}

/** Fields whose text PostgreSQL cannot store as sent (NUL characters, unpaired surrogates). */
export function unstorableFields(value: unknown, path = ''): ApiErrorDetail[] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [{ field: path || 'body', message: 'contains a NUL character or invalid Unicode' }];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableFields(v, path ? `${path}.${i}` : String(i)));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => {
      const field = path ? `${path}.${k}` : k;
      return isStorableText(k) ? unstorableFields(v, field) : [{ field, message: 'has a key with a NUL character or invalid Unicode' }];
    });
  }
  return [];
}
