import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type CatalogDocument, type CatalogImportMode, type CatalogImportSummary } from '@closewatch/contracts/catalog';
import { catalogDocumentSchema } from '@closewatch/contracts/catalog-schema';
import { canonicalCatalog, parseCatalogYaml } from '@closewatch/contracts/catalog-yaml';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CatalogCalendars } from './catalog-calendars.service';
import { planCatalogImport } from './catalog-plan';
import { deleteFlow, deleteSystem, readCatalog, upsertFlow, upsertSystem } from './catalog-store';
import { catalogTransaction } from './catalog-transaction';
import { CatalogService } from './catalog.service';
import { parseOrThrow } from '../common/zod.pipe';

export interface CatalogImportOptions {
  mode: CatalogImportMode;
  dryRun: boolean;
}

/**
 * The whole catalog as one document (`GET/PUT /api/v1/catalog`, and the demo catalog at start):
 * export sorted by id; import validates the entire document first, then applies it in one
 * transaction, so an invalid document changes nothing.
 */
@Injectable()
export class CatalogImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly calendars: CatalogCalendars,
  ) {}

  async exportDocument(): Promise<CatalogDocument> {
    const rows = await this.dataSource.transaction('REPEATABLE READ', async (m) => ({ ...(await readCatalog(m)), calendars: await this.calendars.readAll(m) }));
    return canonicalCatalog({ version: 1, ...rows });
  }

  /** Imports YAML (or JSON) text, e.g. a catalog file read from disk. */
  async importText(text: string, options: CatalogImportOptions): Promise<CatalogImportSummary> {
    const parsed = parseCatalogYaml(text);
    if (!parsed.ok) throw new ApiError(ApiErrorCode.MalformedBody, `Malformed catalog document: ${parsed.errors[0]!.message}`, parsed.errors);
    return this.importDocument(parsed.value, options);
  }

  /** Imports parsed document data; 400 naming every bad path before anything is written. */
  async importDocument(raw: unknown, { mode, dryRun }: CatalogImportOptions): Promise<CatalogImportSummary> {
    const doc = parseOrThrow(catalogDocumentSchema, raw, 'The catalog document is invalid; nothing was imported');
    return catalogTransaction(
      this.dataSource,
      this.catalog,
      async (m) => {
        const plan = planCatalogImport({ ...(await readCatalog(m)), calendars: await this.calendars.readAll(m) }, doc, mode);
        if (plan.issues.length > 0) throw ApiError.validation(plan.issues, 'The catalog document names unknown systems; nothing was imported');
        if (!dryRun) {
          // Order matters for the foreign keys: flows go before the systems they used, systems
          // arrive before the flows that use them.
          for (const id of plan.deleted.flows) await deleteFlow(m, id);
          for (const s of plan.writeSystems) await upsertSystem(m, s);
          for (const f of plan.writeFlows) await upsertFlow(m, f);
          for (const id of plan.deleted.systems) await deleteSystem(m, id);
          if (plan.writeCalendars.length > 0 || plan.deleted.calendars.length > 0) {
            const calendars = this.calendars.writer();
            for (const entity of plan.deleted.calendars) await calendars.remove(m, entity);
            for (const c of plan.writeCalendars) await calendars.upsert(m, c);
          }
        }
        return { mode, dryRun, created: plan.created, updated: plan.updated, deleted: plan.deleted, unchanged: plan.unchanged };
      },
      { writes: !dryRun },
    );
  }
}
