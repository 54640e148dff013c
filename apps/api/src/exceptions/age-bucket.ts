import { type AgeBucket } from '@closewatch/contracts/exceptions';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Upper bounds (exclusive) of the age buckets, in days; the last bucket has none. */
export const AGE_BUCKET_BOUNDS: readonly { bucket: AgeBucket; fromDays: number; toDays: number | null }[] = [
  { bucket: '<1d', fromDays: 0, toDays: 1 },
  { bucket: '1-3d', fromDays: 1, toDays: 3 },
  { bucket: '3-7d', fromDays: 3, toDays: 7 },
  { bucket: '7-30d', fromDays: 7, toDays: 30 },
  { bucket: '>30d', fromDays: 30, toDays: null },
];

/**
 * The age bucket of an exception: time since it was first seen, up to `asOf` (now for unresolved
 * exceptions, the moment it was resolved or dismissed for closed ones). Lower bounds are
 * inclusive: exactly one day old is `1-3d`. A first-seen time in the future counts as age 0.
 */
export function ageBucketOf(firstSeenAt: Date, asOf: Date): AgeBucket {
  const days = Math.max(0, asOf.getTime() - firstSeenAt.getTime()) / DAY_MS;
  for (const b of AGE_BUCKET_BOUNDS) if (b.toDays === null || days < b.toDays) return b.bucket;
  return '>30d';
}
