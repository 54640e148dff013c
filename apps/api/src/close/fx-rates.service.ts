import { Injectable } from '@nestjs/common';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type FxConversionDto, type FxRateDto, type FxRatesDocumentDto } from '@closewatch/contracts/close';
import { type Page } from '@closewatch/contracts/pagination';
import { decodeCursor, toPage } from '../common/pagination';
import { type FxRatesQuery } from './close.schemas';
import { insertMissingRates, listRates, ratesForConversion, ratesForConversions, replaceRates } from './close.store';
import { convertAmount } from './domain/fx-conversion';
import { periodLastDay } from './domain/working-days';

const asDocument = (date: string, base: string, rows: readonly FxRateDto[]): FxRatesDocumentDto => ({
  date,
  base,
  rates: Object.fromEntries(rows.map((r) => [r.quote, r.rate])),
});

/** The base's rates of that date as a document, or null when it has none. */
async function ratesDocument(m: EntityManager, date: string, base: string): Promise<FxRatesDocumentDto | null> {
  const rows = await listRates(m, { date, base, limit: 10_000 });
  return rows.length ? asDocument(date, base, rows) : null;
}

/** FX rates by date (1 base = rate quote) and conversions with them (domain/fx-conversion.ts). */
@Injectable()
export class FxRatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Replaces the base's rates of that date with the document's (audited as `fx_rates.put`, before and after); returns them as stored. */
  async put(doc: FxRatesDocumentDto, actor: AuditActor = SYSTEM_ACTOR): Promise<FxRatesDocumentDto> {
    return this.dataSource.transaction(async (m) => {
      const before = await ratesDocument(m, doc.date, doc.base);
      const after = asDocument(doc.date, doc.base, await replaceRates(m, doc.date, doc.base, doc.rates));
      await this.audit.append(m, { actor, action: 'fx_rates.put', objectType: 'fx_rates', objectId: `${doc.date}/${doc.base}`, before, after });
      return after;
    });
  }

  /** Adds what is missing and keeps rates someone already stored (demo seeding, audited as `fx_rates.seed` when it adds any); returns how many were added. */
  ensure(doc: FxRatesDocumentDto): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const before = await ratesDocument(m, doc.date, doc.base);
      const added = await insertMissingRates(m, doc.date, doc.base, doc.rates);
      if (added > 0) {
        const after = await ratesDocument(m, doc.date, doc.base);
        await this.audit.append(m, {
          actor: SYSTEM_ACTOR,
          action: 'fx_rates.seed',
          objectType: 'fx_rates',
          objectId: `${doc.date}/${doc.base}`,
          before,
          after,
        });
      }
      return added;
    });
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
