import { z } from 'zod';

/** An empty value (`?flow=`, `DATABASE_URL=`) means not given, as dashboards and shells send empty fields. */
export const emptyAsUndefined = (v: unknown): unknown => (v === '' ? undefined : v);

/** An optional parameter; empty counts as absent. */
export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

/** A whole number within bounds (`?windowSeconds=300`); the first broken bound is the one reported. */
export const wholeNumberParam = (min: number, max: number) => z.coerce.number().int({ abort: true }).min(min, { abort: true }).max(max, { abort: true });

/**
 * A query schema that refuses unknown parameters, each by name (zod's strict mode reports them
 * at the root, which would not tell the caller which field to fix): a misspelt filter must not
 * silently match everything.
 */
export function onlyKnownParams<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const known = new Set(Object.keys(schema.shape));
  return schema.loose().superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!known.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a parameter of this endpoint' });
    }
  });
}

/** One value, several comma-separated (`pending,failed`), or the parameter repeated, each one of `values`. */
export const enumListParam = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((x) => String(x).split(','))
        .map((x) => x.trim())
        .filter(Boolean),
    z.array(z.enum(values)).min(1, 'is required').max(20),
  );
