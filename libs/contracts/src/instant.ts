import { z } from 'zod';

/**
 * An ISO 8601 time with an offset, as telemetry sends it, that PostgreSQL can store: ISO allows
 * year 0000 (1 BC), which PostgreSQL refuses as text ("date/time field value out of range"), and
 * an early time with a positive offset can fall into year 0 in UTC.
 */
export const isoInstant = () =>
  // zod runs the refinement after a failed format check too: only a readable time is judged here.
  z.iso.datetime({ offset: true }).refine((s) => !(new Date(s).getUTCFullYear() < 1), { message: 'must be a time in year 0001 or later' });
