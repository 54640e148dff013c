import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import { type ConnectionDto, type ConnectionTestResult, type CreateConnectionRequest } from '@closewatch/contracts/recon';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../../audit/audit-log.service';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeCursor, encodeCursor, type PageQuery } from '../../common/pagination';
import { type AppConfig, ConfigError } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { datasetClient } from '../../database/streaming/postgres-cursor';
import { ReconConnectionEntity } from './recon-connection.entity';
import { ReconRunFailure, scrub } from '../runs/run-failure';
import { SecretKeyService } from '../secrets/secret-key.service';
import { INSERT_CONNECTION, SELECT_CONNECTION_USES, SELECT_SERVER_VERSION, UPSERT_DEMO_CONNECTION } from './connections.queries';

/**
 * Named connections for postgres datasets: created by admins (URL sealed with AES-256-GCM, never
 * returned) or configured as CLOSEWATCH_CONNECTION_<NAME>. A configured name wins over a stored
 * one and cannot be created, changed or deleted through the API.
 */
@Injectable()
export class ConnectionsService implements OnModuleInit {
  private readonly logger = new Logger('recon');

  constructor(
    @InjectRepository(ReconConnectionEntity) private readonly rows: Repository<ReconConnectionEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretKeyService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Startup fails when stored URLs were sealed with another key (a container recreated without
   * its key, or the wrong key configured): starting would make every postgres dataset fail. Then,
   * with nothing unreadable, when the database is pinned to another key (secret-key-pin.ts).
   */
  async onModuleInit(): Promise<void> {
    const rows = await this.rows.find({ order: { name: 'ASC' } });
    const unreadable = rows.filter((r) => {
      try {
        this.secrets.open(r.urlCiphertext, connectionContext(r.name));
        return false;
      } catch {
        return true;
      }
    });
    const current = this.secrets.keyId();
    const otherKey = unreadable.filter((r) => r.keyId !== current);
    if (otherKey.length) {
      const ids = [...new Set(otherKey.map((r) => r.keyId))].join(', ');
      throw new ConfigError(
        `the secret key from ${this.secrets.source()} (key id ${current}) cannot decrypt ${otherKey.length} stored connection URL(s) ` +
          `(${otherKey.map((r) => r.name).join(', ')}), sealed with key id ${ids}. Start with the key they were sealed with ` +
          '(CLOSEWATCH_SECRET_KEY_FILE, CLOSEWATCH_SECRET_KEY or <CLOSEWATCH_DATA_DIR>/secret-key; see docs/configuration.md, "Secret key"). ' +
          `If that key is lost, delete them (delete from recon_connections where key_id in ('${[...new Set(otherKey.map((r) => r.keyId))].join("', '")}')) and create them again.`,
      );
    }
    for (const r of unreadable) this.logger.warn(`connection ${r.name} does not decrypt with the current key: the stored value was altered; create it again`);
    await this.secrets.ensurePinned(this.ds);
  }

  /** Creates a stored connection, audited as `connection.create` with its name and kind (never the URL). */
  async create(body: CreateConnectionRequest, userId: string | null, actor: AuditActor = SYSTEM_ACTOR): Promise<ConnectionDto> {
    if (this.configured(body.name)) {
      throw new ApiError(ApiErrorCode.Conflict, `connection ${body.name} is configured by CLOSEWATCH_CONNECTION_${body.name.toUpperCase()}`, [
        { field: 'name', message: 'is configured in the environment' },
      ]);
    }
    const { sealed, keyId } = this.secrets.seal(body.url, connectionContext(body.name));
    const inserted = await this.ds.transaction(async (m) => {
      const rows: { created_at: Date; updated_at: Date }[] = await m.query(INSERT_CONNECTION, [body.name, body.kind, sealed, keyId, userId]);
      if (!rows.length) throw new ApiError(ApiErrorCode.Conflict, `connection ${body.name} already exists`, [{ field: 'name', message: 'is taken' }]);
      await this.audit.append(m, {
        actor,
        action: 'connection.create',
        objectType: 'connection',
        objectId: body.name,
        after: { name: body.name, kind: body.kind },
      });
      return rows;
    });
    return {
      name: body.name,
      kind: body.kind,
      origin: 'api',
      createdAt: inserted[0]!.created_at.toISOString(),
      updatedAt: inserted[0]!.updated_at.toISOString(),
      usedBy: [],
    };
  }

  /** Creates or updates a stored connection (demo setup); a configured one of that name is left alone. */
  async ensure(name: string, url: string): Promise<void> {
    if (this.configured(name)) return;
    const { sealed, keyId } = this.secrets.seal(url, connectionContext(name));
    await this.ds.query(UPSERT_DEMO_CONNECTION, [name, sealed, keyId]);
  }

  async list(q: PageQuery): Promise<Page<ConnectionDto>> {
    const after = decodeCursor<[string]>(q.cursor, 1)?.[0];
    const all = await this.all();
    const rest = all.filter((c) => after === undefined || c.name > after);
    const items = rest.slice(0, q.limit);
    return { items, nextCursor: rest.length > q.limit ? encodeCursor([items[items.length - 1]!.name]) : null };
  }

  async get(name: string): Promise<ConnectionDto> {
    const found = (await this.all()).find((c) => c.name === name);
    if (!found) throw ApiError.notFound(`connection ${name}`);
    return found;
  }

  /** Deletes a stored connection, audited as `connection.delete`. */
  async remove(name: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    if (this.configured(name)) {
      throw new ApiError(ApiErrorCode.Conflict, `connection ${name} is configured by CLOSEWATCH_CONNECTION_${name.toUpperCase()}; remove it there`);
    }
    const usedBy = await this.usedBy([name]);
    if (usedBy.get(name)?.length) {
      throw new ApiError(ApiErrorCode.Conflict, `connection ${name} is used by reconciliation ${usedBy.get(name)!.join(', ')}`);
    }
    await this.ds.transaction(async (m) => {
      const before = await m.findOneBy(ReconConnectionEntity, { name });
      if (!before || !(await m.delete(ReconConnectionEntity, { name })).affected) throw ApiError.notFound(`connection ${name}`);
      await this.audit.append(m, { actor, action: 'connection.delete', objectType: 'connection', objectId: name, before: { name, kind: before.kind } });
    });
  }

  /** Whether a connection of this name exists (configured or stored). */
  async exists(name: string): Promise<boolean> {
    return this.configured(name) || (await this.rows.exists({ where: { name } }));
  }

  /** The URL of a connection, for connectors only. Throws ReconRunFailure when unknown or unreadable. */
  async url(name: string): Promise<string> {
    const configured = this.config.recon.connections[name];
    if (configured) return configured;
    const row = await this.rows.findOne({ where: { name } });
    if (!row) throw new ReconRunFailure('connection_missing', `connection ${name} does not exist`);
    try {
      return this.secrets.open(row.urlCiphertext, connectionContext(name));
    } catch {
      const hint = row.keyId === this.secrets.keyId() ? 'the stored value was altered' : 'it was sealed with another CLOSEWATCH_SECRET_KEY';
      throw new ReconRunFailure('connection_unreadable', `connection ${name} cannot be decrypted: ${hint}`);
    }
  }

  /** Connects, reads the server version and disconnects; the result never carries the URL. */
  async test(name: string): Promise<ConnectionTestResult> {
    if (!(await this.exists(name))) throw ApiError.notFound(`connection ${name}`);
    const started = Date.now();
    let client: ReturnType<typeof datasetClient> | undefined;
    try {
      client = datasetClient(await this.url(name), 'closewatch-connection-test');
      client.on('error', (err) => this.logger.warn(`connection test ${name}: connection lost: ${scrub(err.message)}`));
      await client.connect();
      const { rows } = await client.query<{ v: string }>(SELECT_SERVER_VERSION);
      return { ok: true, latencyMs: Date.now() - started, serverVersion: rows[0]?.v ?? null, error: null };
    } catch (err) {
      return { ok: false, latencyMs: Date.now() - started, serverVersion: null, error: scrub(err instanceof Error ? err.message : String(err)) };
    } finally {
      await client?.end().catch(() => undefined);
    }
  }

  private configured(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.config.recon.connections, name);
  }

  private async all(): Promise<ConnectionDto[]> {
    const stored = await this.rows.find({ order: { name: 'ASC' } });
    const byName = new Map<string, ConnectionDto>();
    for (const r of stored) {
      byName.set(r.name, { name: r.name, kind: r.kind, origin: 'api', createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), usedBy: [] });
    }
    for (const name of Object.keys(this.config.recon.connections)) {
      byName.set(name, { name, kind: 'postgres', origin: 'config', createdAt: null, updatedAt: null, usedBy: [] });
    }
    const list = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const usedBy = await this.usedBy(list.map((c) => c.name));
    for (const c of list) c.usedBy = usedBy.get(c.name) ?? [];
    return list;
  }

  private async usedBy(names: string[]): Promise<Map<string, string[]>> {
    const rows: { connection: string; id: string }[] = await this.ds.query(SELECT_CONNECTION_USES, [names]);
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.connection, [...(out.get(r.connection) ?? []), r.id]);
    return out;
  }
}

/** The additional authenticated data of a connection's sealed URL. */
export function connectionContext(name: string): string {
  return `recon_connections:${name}`;
}
