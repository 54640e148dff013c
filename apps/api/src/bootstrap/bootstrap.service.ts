import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IngestKeysService } from '../auth/ingest-keys.service';
import { newSecret } from '../auth/secrets';
import { UsersService } from '../auth/users.service';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export const DEMO_ADMIN_EMAIL = 'admin@closewatch.local';

export interface BootstrapResult {
  /** Set only when the demo admin was created in this start: its password, shown once. */
  demoAdminPassword?: string;
  /** The ingest key the demo simulator uses. */
  demoIngestKey?: string;
}

/**
 * Startup settings (DESIGN.md configuration contract): ensure the configured admin and ingest
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
  ) {}

  async run(): Promise<BootstrapResult> {
    const result: BootstrapResult = {};
    const { adminEmail, adminPassword, ingestKey } = this.config;
    if (adminEmail && adminPassword) {
      const created = await this.users.ensure({ email: adminEmail, name: 'Administrator', role: 'admin', password: adminPassword });
      this.logger.log(`${created ? 'created' : 'updated'} admin ${adminEmail} from CLOSEWATCH_ADMIN_EMAIL`);
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
    }
    return result;
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
