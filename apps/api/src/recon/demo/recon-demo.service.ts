import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CatalogService } from '../../flows/catalog.service';
import { ConnectionsService } from '../connections/connections.service';
import { ConnectorsService } from '../connectors/connectors.service';
import { DEMO_FLOW, DEMO_SOURCE_CONNECTION, DEMO_TARGET_CONNECTION, demoData, demoDefinitions } from './demo-data';
import { canCreateRoles, demoReaderRole, ensureReaderRole, grantDatabase, grantTable, withCredentials } from './demo-reader';
import { enqueueRun } from '../runs/recon-queue';
import { ReconScheduler } from '../runs/recon.scheduler';
import { ReconsService } from '../definitions/recons.service';
import { relativePeriod } from '../definitions/scope';
import { SecretKeyService } from '../secrets/secret-key.service';
import {
  analyzeTable,
  CAN_CREATE_DATABASES,
  createDatabase,
  createInvoicesTable,
  createPostingsTable,
  createSchema,
  DATABASE_EXISTS,
  DELETE_DEMO_CONNECTIONS,
  deletePeriodPostings,
  insertInvoices,
  insertPostings,
  LOCK_DEMO_FILL,
  RUN_PENDING,
  SELECT_DATABASE,
  SELECT_DATABASE_AND_USER,
  selectLatestPeriod,
} from './demo.queries';
import { DEFINITION_EXISTS } from '../definitions/definitions.queries';

export interface DemoSeedResult {
  /** `databases`: two demo databases; `schemas`: two schemas in the Closewatch database (no CREATEDB right). */
  mode: 'databases' | 'schemas';
  period: string;
  /** The read-only role the demo connections log in as; null when Closewatch's role cannot create roles (the postgres demo is then skipped). */
  reader: string | null;
  created: string[];
  queuedRuns: string[];
}

/**
 * Demo mode: a Coupa-like source database and an Oracle-like target database filled with AP
 * invoices for the demo flow (breaks of every type injected), connections to them, the demo
 * reconciliations (one over the two databases, one over Closewatch's own telemetry), and one run
 * of each at startup so the first screen shows real results. Idempotent across restarts: what
 * exists is kept (data, connections, definitions edited since), only runs are queued again.
 */
@Injectable()
export class ReconDemoService implements OnApplicationBootstrap {
  private readonly logger = new Logger('recon-demo');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: CatalogService,
    private readonly connections: ConnectionsService,
    private readonly connectors: ConnectorsService,
    private readonly recons: ReconsService,
    private readonly scheduler: ReconScheduler,
    private readonly secrets: SecretKeyService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.demo) return;
    // Not awaited: startup does not wait for the demo data (the catalog is loaded before listen).
    // The telemetry reconciliation's first run waits a minute, so the simulator has sent some records.
    this.seed({ telemetryDelaySeconds: 60 }).then(
      (r) => r && this.logger.log(`demo reconciliations ready (${r.mode}, period ${r.period}); ${r.queuedRuns.length} runs queued`),
      (err: unknown) => this.logger.error({ msg: 'demo reconciliations could not be set up', err: err instanceof Error ? err.stack : String(err) }),
    );
  }

  /** Sets up the demo databases, connections and reconciliations; returns undefined when the demo flow is not in the catalog. */
  async seed(options: { runNow?: boolean; telemetryDelaySeconds?: number } = {}): Promise<DemoSeedResult | undefined> {
    if (!(await this.catalog.isRegistered(DEMO_FLOW))) {
      this.logger.warn(`demo flow ${DEMO_FLOW} is not in the catalog; demo reconciliations skipped`);
      return undefined;
    }
    const mainUrl = this.connectors.ownDatabaseUrl();
    const names = await this.demoNames();
    const canCreate = await this.canCreateDatabases();
    const created: string[] = [];
    let sourceUrl: string;
    let targetUrl: string;
    let schema: { source: string; target: string } | undefined;
    if (canCreate) {
      for (const db of [names.source, names.target]) if (await this.ensureDatabase(db)) created.push(db);
      sourceUrl = withDatabase(mainUrl, names.source);
      targetUrl = withDatabase(mainUrl, names.target);
    } else {
      schema = { source: 'demo_coupa', target: 'demo_erp' };
      for (const s of [schema.source, schema.target]) await this.ds.query(createSchema(s));
      sourceUrl = mainUrl;
      targetUrl = mainUrl;
    }
    const period = await this.fill(sourceUrl, targetUrl, schema);
    const reader = await this.ensureReader(sourceUrl, targetUrl, schema);
    if (reader) {
      await this.connections.ensure(DEMO_SOURCE_CONNECTION, withCredentials(sourceUrl, reader.role, reader.password));
      await this.connections.ensure(DEMO_TARGET_CONNECTION, withCredentials(targetUrl, reader.role, reader.password));
    } else {
      // Never fall back to Closewatch's own credentials (an earlier version stored them here).
      await this.ds.query(DELETE_DEMO_CONNECTIONS, [[DEMO_SOURCE_CONNECTION, DEMO_TARGET_CONNECTION]]);
    }
    const queuedRuns: string[] = [];
    for (const def of demoDefinitions(period, schema)) {
      if (!reader && (def.source.connector === 'postgres' || def.target.connector === 'postgres')) continue;
      const exists: unknown[] = await this.ds.query(DEFINITION_EXISTS, [def.id]);
      if (!exists.length) {
        await this.recons.create(def);
        created.push(`recon ${def.id}`);
      }
      if (options.runNow === false) continue;
      const pending: unknown[] = await this.ds.query(RUN_PENDING, [def.id]);
      if (pending.length) continue;
      const telemetry = def.source.connector === 'telemetry' || def.target.connector === 'telemetry';
      const delay = telemetry ? (options.telemetryDelaySeconds ?? 0) : 0;
      const runId = await enqueueRun(this.ds, { reconId: def.id, trigger: 'startup', notBefore: delay ? new Date(Date.now() + delay * 1000) : null });
      if (runId) queuedRuns.push(runId);
    }
    this.scheduler.kick();
    return { mode: canCreate ? 'databases' : 'schemas', period, reader: reader?.role ?? null, created, queuedRuns };
  }

  /**
   * The read-only role of the demo connections, allowed to read the two demo tables only. Its
   * password is derived from the secret key, so replicas agree on it without storing it.
   */
  private async ensureReader(
    sourceUrl: string,
    targetUrl: string,
    schema?: { source: string; target: string },
  ): Promise<{ role: string; password: string } | undefined> {
    const rows: { db: string; me: string }[] = await this.ds.query(SELECT_DATABASE_AND_USER);
    const role = demoReaderRole(rows[0]!.db);
    const query = (sql: string, params?: unknown[]) => this.ds.query(sql, params);
    if (!(await canCreateRoles(query))) {
      this.logger.warn(
        `the demo reconciliation over the demo databases is skipped: the database role ${rows[0]!.me} cannot create roles (CREATEROLE), ` +
          `and the demo connections must not log in as Closewatch's own role. Grant CREATEROLE to ${rows[0]!.me} to enable it (docs/configuration.md, "Database roles").`,
      );
      return undefined;
    }
    const password = this.secrets.derivePassword(`demo-reader:${role}`);
    await ensureReaderRole(query, role, password);
    if (schema) {
      await grantTable(query, schema.source, 'invoices', role);
      await grantTable(query, schema.target, 'ap_postings', role);
    } else {
      for (const [url, table] of [
        [sourceUrl, 'invoices'],
        [targetUrl, 'ap_postings'],
      ] as const) {
        await grantDatabase(query, databaseOf(url), role);
        const client = new Client({ connectionString: url, application_name: 'closewatch-demo' });
        client.on('error', (err) => this.logger.warn(`demo database: connection lost: ${err.message}`));
        await client.connect();
        try {
          await grantTable((sql, params) => client.query(sql, params), 'public', table, role);
        } finally {
          await client.end().catch(() => undefined);
        }
      }
    }
    return { role, password };
  }

  /** Demo database names next to the Closewatch database: closewatch → closewatch_demo_coupa, closewatch_demo_erp. */
  async demoNames(): Promise<{ source: string; target: string }> {
    const rows: { db: string }[] = await this.ds.query(SELECT_DATABASE);
    const base = rows[0]!.db.slice(0, 40);
    return { source: `${base}_demo_coupa`, target: `${base}_demo_erp` };
  }

  private async canCreateDatabases(): Promise<boolean> {
    const rows: { ok: boolean }[] = await this.ds.query(CAN_CREATE_DATABASES);
    return rows[0]?.ok === true;
  }

  private async ensureDatabase(name: string): Promise<boolean> {
    const exists: unknown[] = await this.ds.query(DATABASE_EXISTS, [name]);
    if (exists.length) return false;
    try {
      await this.ds.query(createDatabase(quote(name)));
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '42P04') return false; // created meanwhile by another replica
      throw err;
    }
  }

  /**
   * Creates the demo tables and fills them once (the previous month's invoices, as of the first
   * start), in one transaction per side, then analyzes them. Returns the period the data is for.
   */
  private async fill(sourceUrl: string, targetUrl: string, schema?: { source: string; target: string }): Promise<string> {
    const source = new Client({ connectionString: sourceUrl, application_name: 'closewatch-demo' });
    const target = new Client({ connectionString: targetUrl, application_name: 'closewatch-demo' });
    // A dropped connection (the server shutting down) surfaces as the failed query, not a crash.
    const lost = (side: string) => (err: Error) => this.logger.warn(`demo ${side} database: connection lost: ${err.message}`);
    source.on('error', lost('source'));
    target.on('error', lost('target'));
    await source.connect();
    await target.connect();
    const inv = schema ? `${schema.source}.invoices` : 'invoices';
    const ap = schema ? `${schema.target}.ap_postings` : 'ap_postings';
    try {
      await source.query('begin');
      await source.query(LOCK_DEMO_FILL);
      await source.query(createInvoicesTable(inv));
      const existing = await source.query<{ period: string | null }>(selectLatestPeriod(inv));
      let period = existing.rows[0]?.period ?? null;
      if (!period) {
        period = relativePeriod('previous', new Date(), 'UTC');
        const data = demoData(period);
        await source.query(insertInvoices(inv), [JSON.stringify(data.invoices)]);
        await target.query('begin');
        await target.query(createPostingsTable(ap));
        await target.query(deletePeriodPostings(ap), [period]);
        await target.query(insertPostings(ap), [JSON.stringify(data.postings)]);
        await target.query('commit');
        this.logger.log(`demo invoices for ${period}: ${data.invoices.length} in the source, ${data.postings.length} postings in the target`);
      }
      await source.query('commit');
      // Statistics, as a production table has them: the reconciliation splits its reads in key ranges at them.
      await source.query(analyzeTable(inv));
      await target.query(analyzeTable(ap));
      return period;
    } catch (err) {
      await source.query('rollback').catch(() => undefined);
      await target.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      await source.end().catch(() => undefined);
      await target.end().catch(() => undefined);
    }
  }
}

function quote(ident: string): string {
  return `"${ident.replace(/"/g, '""')}"`;
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
