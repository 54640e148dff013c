import { type z } from 'zod';
import { type ApiErrorDetail } from './errors';

/**
 * A field path as people write it: `flows[3].slo.maxLagSeconds`. Array indexes in brackets,
 * object keys joined by dots; an empty path is the whole `root`.
 */
export function formatIssuePath(path: readonly PropertyKey[], root = 'body'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? root : out;
}

/**
 * Turns zod issues into `{field, message}` details that name the exact field: an unknown key
 * names that key, a missing value says "is required", and `prefix` (e.g. `flows[2]`) is put in
 * front of every path.
 */
export function issueDetails(error: z.ZodError, prefix: readonly PropertyKey[] = [], root = 'body'): ApiErrorDetail[] {
  const details: ApiErrorDetail[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ field: formatIssuePath([...path, key], root), message: 'is not a known field' });
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    details.push({ field: formatIssuePath(path, root), message: missing ? 'is required' : issue.message });
  }
  return details;
}
