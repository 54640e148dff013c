import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CatalogIds, type CatalogImportSummary } from '@closewatch/contracts/catalog';
import { DEMO_REPLAY_RECEIVER } from '@closewatch/contracts/replays';
import { ReceiversService } from '../alerts/receivers/receivers.service';
import { IngestKeysService } from '../auth/ingest-keys.service';
import { newSecret } from '../auth/secrets';
import { UsersService } from '../auth/users.service';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ApiError } from '../common/api-error';
import { FxRatesService } from '../close/fx-rates.service';
import { CatalogImportService } from '../flows/catalog-import.service';
import { demoCatalogPath, readCatalogFile } from './demo-catalog';
import { demoFxRates } from './demo-fx-rates';
import { type DemoReplayEndpoint, demoReplayPort, demoReplayUrl } from './demo-simulator';

export const DEMO_ADMIN_EMAIL = 'admin@closewatch.local';

export interface BootstrapResult {
  /** Set only when the demo admin was created in this start: its password, shown once. */
  demoAdminPassword?: string;
  /** The ingest key the demo simulator uses. */
  demoIngestKey?: string;
}

/**
 * Startup settings (the configuration contract, docs/configuration.md): ensure the configured admin and ingest
 * key exist. In demo mode, create a demo admin once with a random password (printed once and
 * kept in the data directory, readable only by its owner) and a demo ingest key.
 */
@Injectable()
export class BootstrapService {
  private readonly logger = new Logger('bootstrap');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly ingestKeys: IngestKeysService,
    private readonly catalogImport: CatalogImportService,
    private readonly fxRates: FxRatesService,
    private readonly receivers: ReceiversService,
  ) {}

  async run(): Promise<BootstrapResult> {
    const result: BootstrapResult = {};
    const { adminEmail, adminPassword, ingestKey } = this.config;
    if (adminEmail && adminPassword) {
      const created = await this.users.ensure({ email: adminEmail, name: 'Administrator', role: 'admin', password: adminPassword });
      // An existing admin is never re-enabled or reset: whoever disabled or changed it meant it.
      this.logger.log(
        created
          ? `created admin ${adminEmail} from CLOSEWATCH_ADMIN_EMAIL`
          : `admin ${adminEmail} exists; left as it is (CLOSEWATCH_ADMIN_PASSWORD only creates a missing admin)`,
      );
    }
    if (ingestKey) {
      await this.ingestKeys.ensure('CLOSEWATCH_INGEST_KEY', ingestKey);
      this.logger.log('ingest key from CLOSEWATCH_INGEST_KEY is active');
    }
    if (this.config.demo) {
      mkdirSync(this.config.dataDir, { recursive: true });
      if (!(await this.users.exists(DEMO_ADMIN_EMAIL))) {
        const password = randomBytes(12).toString('base64url');
        await this.users.create({ email: DEMO_ADMIN_EMAIL, name: 'Demo admin', role: 'admin', password });
        writeFileSync(join(this.config.dataDir, 'demo-admin.txt'), `email: ${DEMO_ADMIN_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
        result.demoAdminPassword = password;
      }
      result.demoIngestKey = ingestKey ?? (await this.demoIngestKey());
      await this.loadDemoCatalog();
      await this.loadDemoFxRates();
    }
    return result;
  }

  /**
   * Demo mode: merges the simulator's catalog so its flows are registered (same code path as
   * `PUT /api/v1/catalog?mode=merge`). A missing or invalid file is logged and skipped.
   */
  async loadDemoCatalog(path = demoCatalogPath()): Promise<CatalogImportSummary | undefined> {
    const text = readCatalogFile(path);
    if (text === undefined) {
      this.logger.warn(`demo catalog not found at ${path}; demo flows stay unregistered`);
      return undefined;
    }
    try {
      const summary = await this.catalogImport.importText(text, { mode: 'merge', dryRun: false });
      const count = (ids: CatalogIds) => `${ids.systems.length} systems, ${ids.flows.length} flows, ${ids.calendars.length} calendars`;
      this.logger.log(`demo catalog ${path}: created ${count(summary.created)}, updated ${count(summary.updated)}, unchanged ${count(summary.unchanged)}`);
      return summary;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const details = (err.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ');
      this.logger.error(`demo catalog ${path} was not imported: ${err.message}${details ? ` (${details})` : ''}`);
      return undefined;
    }
  }

  /** Demo mode: month-end USD rates for the demo entities' currencies, never overwriting stored ones. */
  async loadDemoFxRates(now = new Date()): Promise<number> {
    let added = 0;
    for (const doc of demoFxRates(now)) added += await this.fxRates.ensure(doc);
    if (added > 0) this.logger.log(`demo FX rates: added ${added} month-end USD rates`);
    return added;
  }

  /**
   * Demo mode: the webhook receiver the demo catalog's record flows send replay requests to
   * (`demo-middleware`), created or replaced at each start: a webhook to the simulator's
   * loopback endpoint with a new secret, which only the simulator is handed.
   */
  async ensureDemoReplayReceiver(configuredPort: number): Promise<DemoReplayEndpoint> {
    const endpoint = { port: await demoReplayPort(configuredPort), secret: newSecret('cwr') };
    const body = { name: DEMO_REPLAY_RECEIVER, kind: 'webhook' as const, url: demoReplayUrl(endpoint.port), secret: endpoint.secret };
    const current = await this.receivers.open(DEMO_REPLAY_RECEIVER);
    if (!current) await this.receivers.create(body, null);
    else await this.receivers.replace(DEMO_REPLAY_RECEIVER, body);
    this.logger.log(`demo replay receiver ${DEMO_REPLAY_RECEIVER} points at ${body.url}`);
    return endpoint;
  }

  /** One ingest key for the demo simulator, kept in the data directory across restarts. */
  private async demoIngestKey(): Promise<string> {
    const file = join(this.config.dataDir, 'demo-ingest-key');
    const secret = existsSync(file) ? readFileSync(file, 'utf8').trim() : newSecret('cwk');
    await this.ingestKeys.ensure('demo simulator', secret);
    if (!existsSync(file)) writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
