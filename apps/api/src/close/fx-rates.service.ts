import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type FxConversionDto, type FxRateDto, type FxRatesDocumentDto } from '@closewatch/contracts/close';
import { type Page } from '@closewatch/contracts/pagination';
import { decodeCursor, toPage } from '../common/pagination';
import { type FxRatesQuery } from './close.schemas';
import { insertMissingRates, listRates, ratesForConversion, ratesForConversions, replaceRates } from './close.store';
import { convertAmount } from './domain/fx-conversion';
import { periodLastDay } from './domain/working-days';

/** FX rates by date (1 base = rate quote) and conversions with them (domain/fx-conversion.ts). */
@Injectable()
export class FxRatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replaces the base's rates of that date with the document's; returns them as stored. */
  async put(doc: FxRatesDocumentDto): Promise<FxRatesDocumentDto> {
    const stored = await this.dataSource.transaction((m) => replaceRates(m, doc.date, doc.base, doc.rates));
    return { date: doc.date, base: doc.base, rates: Object.fromEntries(stored.map((r) => [r.quote, r.rate])) };
  }

  /** Adds what is missing and keeps rates someone already stored (demo seeding); returns how many were added. */
  ensure(doc: FxRatesDocumentDto): Promise<number> {
    return this.dataSource.transaction((m) => insertMissingRates(m, doc.date, doc.base, doc.rates));
  }

  async list(query: FxRatesQuery): Promise<Page<FxRateDto>> {
    const after = decodeCursor<[string, string, string]>(query.cursor, 3);
    const rows = await this.dataSource.transaction((m) =>
      listRates(m, {
        date: query.date,
        base: query.base,
        quote: query.quote,
        after: after && [String(after[0]), String(after[1]), String(after[2])],
        limit: query.limit + 1,
      }),
    );
    return toPage(
      rows,
      query.limit,
      (r) => r,
      (r) => [r.date, r.base, r.quote],
    );
  }

  /** Converts with the latest rates on or before the period's last day. */
  convertForPeriod(amount: string, from: string, to: string, period: string): Promise<FxConversionDto> {
    return this.convertAsOf(amount, from, to, periodLastDay(period));
  }

  /**
   * For batch callers (exception intake, severity recomputation): convertForPeriod of each
   * request, with the rates read in one statement in the caller's transaction. Results are in
   * the order of the requests.
   */
  async convertManyForPeriod(m: EntityManager, requests: readonly { amount: string; from: string; to: string; period: string }[]): Promise<FxConversionDto[]> {
    const needed = requests.filter((r) => r.from !== r.to);
    const rates = needed.length
      ? await ratesForConversions(
          m,
          needed.flatMap((r) => [r.from, r.to]),
          needed.map((r) => periodLastDay(r.period)),
        )
      : [];
    return requests.map((r) => convertAmount(r.amount, r.from, r.to, periodLastDay(r.period), rates));
  }

  /** Converts with the latest rates on or before `date`; a missing rate is a typed result, never zero. */
  async convertAsOf(amount: string, from: string, to: string, date: string): Promise<FxConversionDto> {
    const rates = from === to ? [] : await this.dataSource.transaction((m) => ratesForConversion(m, [from, to], date));
    return convertAmount(amount, from, to, date, rates);
  }
}
