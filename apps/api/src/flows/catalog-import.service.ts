import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type CatalogDocument, type CatalogImportMode, type CatalogImportSummary } from '@closewatch/contracts/catalog';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { catalogDocumentSchema } from '@closewatch/contracts/catalog-schema';
import { canonicalCatalog, parseCatalogYaml } from '@closewatch/contracts/catalog-yaml';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CatalogCalendars } from './catalog-calendars.service';
import { type CatalogObjectChange, catalogChanges } from './catalog-changes';
import { type CatalogState, planCatalogImport } from './catalog-plan';
import { deleteFlow, deleteSystem, readCatalog, upsertFlow, upsertSystem } from './catalog-store';
import { catalogTransaction } from './catalog-transaction';
import { CatalogService } from './catalog.service';
import { parseOrThrow } from '../common/zod.pipe';
import { ConfigVersions } from '../governance/config-versions.service';
import { PendingChanges } from '../governance/pending-changes.service';
import { materialityChanged } from './materiality-change';

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
    private readonly audit: AuditLog,
    private readonly versions: ConfigVersions,
    private readonly pending: PendingChanges,
  ) {}

  async exportDocument(): Promise<CatalogDocument> {
    const rows = await this.dataSource.transaction('REPEATABLE READ', async (m) => ({ ...(await readCatalog(m)), calendars: await this.calendars.readAll(m) }));
    return canonicalCatalog({ version: 1, ...rows });
  }

  /** Imports YAML (or JSON) text, e.g. a catalog file read from disk. */
  async importText(text: string, options: CatalogImportOptions, actor: AuditActor = SYSTEM_ACTOR): Promise<CatalogImportSummary> {
    const parsed = parseCatalogYaml(text);
    if (!parsed.ok) throw new ApiError(ApiErrorCode.MalformedBody, `Malformed catalog document: ${parsed.errors[0]!.message}`, parsed.errors);
    return this.importDocument(parsed.value, options, actor);
  }

  /**
   * Imports parsed document data; 400 naming every bad path before anything is written. An
   * applied import is audited in its transaction: one `catalog.import` entry with what it did,
   * and one entry per system, flow and calendar it wrote (before and after); flows and calendars
   * also get a version. With four-eyes on, a person's import that changes a flow's materiality
   * is refused (409): that change goes through `PUT /api/v1/flows/:id` and a second admin.
   */
  async importDocument(raw: unknown, { mode, dryRun }: CatalogImportOptions, actor: AuditActor = SYSTEM_ACTOR): Promise<CatalogImportSummary> {
    const doc = parseOrThrow(catalogDocumentSchema, raw, 'The catalog document is invalid; nothing was imported');
    return catalogTransaction(
      this.dataSource,
      this.catalog,
      async (m) => {
        const before = await this.read(m);
        const plan = planCatalogImport(before, doc, mode);
        if (plan.issues.length > 0) throw ApiError.validation(plan.issues, 'The catalog document names unknown systems; nothing was imported');
        const summary = { mode, dryRun, created: plan.created, updated: plan.updated, deleted: plan.deleted, unchanged: plan.unchanged };
        if (dryRun) return summary;
        if (this.pending.required(actor)) refuseMaterialityChanges(before, doc);
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
        await this.record(m, actor, summary, catalogChanges(before, await this.read(m), plan));
        return summary;
      },
      { writes: !dryRun },
    );
  }

  private async read(m: EntityManager): Promise<CatalogState> {
    return { ...(await readCatalog(m)), calendars: await this.calendars.readAll(m) };
  }

  /** Versions of the flows and calendars written, then every audit entry under one take of the log's lock. */
  private async record(m: EntityManager, actor: AuditActor, summary: CatalogImportSummary, changes: CatalogObjectChange[]): Promise<void> {
    for (const c of changes) {
      if (c.objectType !== 'system') await this.versions.record(m, { kind: c.objectType, objectId: c.id, actor, before: c.before, after: c.after });
    }
    const { mode, created, updated, deleted } = summary;
    await this.audit.appendMany(m, [
      { actor, action: 'catalog.import', objectType: 'catalog', objectId: null, after: { mode, created, updated, deleted } },
      ...changes.map((c) => ({
        actor,
        action: `${c.objectType}.${c.objectType === 'close_calendar' && c.op !== 'delete' ? 'put' : c.op}`,
        objectType: c.objectType,
        objectId: c.id,
        before: c.before,
        after: c.after,
      })),
    ]);
  }
}

/** 409 naming each flow of the document whose materiality differs from the catalog's. */
function refuseMaterialityChanges(before: CatalogState, doc: CatalogDocument): void {
  const current = new Map(before.flows.map((f) => [f.id, f]));
  const details = doc.flows.flatMap((f, i) => {
    const old = current.get(f.id);
    return old && materialityChanged(old, f)
      ? [
          {
            field: `flows[${i}].materiality`,
            message: `changes the materiality of flow ${f.id}; with four-eyes on, change it through PUT /api/v1/flows/${f.id} for a second admin to approve`,
          },
        ]
      : [];
  });
  if (details.length)
    throw new ApiError(ApiErrorCode.Conflict, 'The catalog document changes materiality, which needs a second admin; nothing was imported', details);
}
