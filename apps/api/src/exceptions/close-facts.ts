import { type FxConversionDto } from '@closewatch/contracts/close';
import { type EntityManager } from 'typeorm';
import { type CloseCalendarsService } from '../close/close-calendars.service';
import { type FxRatesService } from '../close/fx-rates.service';
import { closeKey } from './intake-plan';

/** A conversion severity needs (intake-plan.ts neededConversion), keyed by conversionKey. */
export type ConversionRequests = ReadonlyMap<string, { amount: string; from: string; to: string; period: string }>;

/**
 * The close deadlines and FX conversions severity needs for a batch (intake's chunk, a
 * recomputation's chunk), in one statement each in the caller's transaction: deadlines keyed by
 * closeKey (entities without a calendar left out), conversions by the requests' keys.
 */
export async function readCloseFacts(
  m: EntityManager,
  close: { calendars: CloseCalendarsService; fx: FxRatesService },
  pairs: Iterable<{ entity: string; period: string }>,
  requests: ConversionRequests,
  now: Date,
): Promise<{ deadlines: Map<string, Date>; conversions: Map<string, FxConversionDto> }> {
  const unique = new Map([...pairs].map((p) => [closeKey(p.entity, p.period), p]));
  const found = await close.calendars.deadlines(m, [...unique.values()], now);
  const converted = await close.fx.convertManyForPeriod(m, [...requests.values()]);
  const keys = [...requests.keys()];
  return {
    deadlines: new Map(found.map((d) => [closeKey(d.entity, d.period), d.deadlineAt])),
    conversions: new Map(keys.map((k, i) => [k, converted[i]!])),
  };
}
