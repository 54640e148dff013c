import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { type CreatedIngestKey, type IngestKeyDto } from '@closewatch/contracts/ingest-keys';
import { ApiError } from '../common/api-error';
import { DEFAULT_INGEST_KEY_SCOPES, IngestKeyEntity, type IngestScope } from './ingest-key.entity';
import { digest, newSecret } from './secrets';
import { TtlCache } from './ttl-cache';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';

export interface VerifiedKey {
  id: string;
  name: string;
  scopes: IngestScope[];
  /** The flows the key may write; null: every flow. A Set, so the ingest path checks each item in O(1). */
  flows: ReadonlySet<string> | null;
  /** Epoch milliseconds after which the key is refused; null: never. */
  expiresAt: number | null;
}

/**
 * Ingest keys authenticate integrations (OTLP exporters, event producers). Stored as SHA-256
 * digests; checks are cached for a few seconds so ingest does not pay a query per request.
 */
@Injectable()
export class IngestKeysService {
  private readonly cache = new TtlCache<VerifiedKey>(10_000);
  /**
   * Secrets that matched no active key, kept apart: a flood of wrong keys evicts only other
   * wrong keys, never the valid ones ingest depends on.
   */
  private readonly misses = new TtlCache<null>(10_000, 1_000);
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    @InjectRepository(IngestKeyEntity) private readonly keys: Repository<IngestKeyEntity>,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<IngestKeyDto[]> {
    const rows = await this.keys.find({ order: { createdAt: 'DESC' } });
    return rows.map(toDto);
  }

  /**
   * Creates a key; the secret is returned once and never again. Without flows it may write every
   * flow, without expiry it never expires. Audited (`ingest_key.create`, never the secret).
   */
  async create(
    name: string,
    scopes: IngestScope[] = [...DEFAULT_INGEST_KEY_SCOPES],
    createdBy: string | null = null,
    secret?: string,
    limits: { flows?: string[] | null; expiresAt?: string | null } = {},
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<CreatedIngestKey> {
    const value = secret ?? newSecret('cwk');
    const saved = await this.keys.manager.transaction(async (m) => {
      const row = await m.save(
        this.keys.create({
          name,
          scopes,
          flows: limits.flows ?? null,
          expiresAt: limits.expiresAt ? new Date(limits.expiresAt) : null,
          createdBy,
          prefix: value.slice(0, 8),
          secretHash: digest(value),
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      await this.audit.append(m, { actor, action: 'ingest_key.create', objectType: 'ingest_key', objectId: row.id, after: toDto(row) });
      return row;
    });
    this.forget();
    return { key: toDto(saved), secret: value };
  }

  /** Ensures a key with exactly this secret exists and is active (CLOSEWATCH_INGEST_KEY). */
  async ensure(name: string, secret: string): Promise<void> {
    const existing = await this.keys.findOneBy({ secretHash: digest(secret) });
    if (existing) {
      // The configured key writes every flow and never expires, whatever was changed in the table.
      if (existing.revokedAt || existing.flows || existing.expiresAt) {
        await this.keys.update({ id: existing.id }, { revokedAt: null, flows: null, expiresAt: null });
        this.forget();
      }
      return;
    }
    await this.create(name, [...DEFAULT_INGEST_KEY_SCOPES], null, secret);
  }

  /** Revokes a key (audited as `ingest_key.revoke`; revoking a revoked key changes and records nothing). */
  async revoke(id: string, actor: AuditActor = SYSTEM_ACTOR): Promise<IngestKeyDto> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw ApiError.notFound(`ingest key ${id}`);
    if (!key.revokedAt) {
      const before = toDto(key);
      key.revokedAt = new Date();
      await this.keys.manager.transaction(async (m) => {
        await m.save(key);
        await this.audit.append(m, { actor, action: 'ingest_key.revoke', objectType: 'ingest_key', objectId: id, before, after: toDto(key) });
      });
    }
    this.forget();
    return toDto(key);
  }

  /** The active key with this secret if it has the scope and has not expired; else undefined (refusal() says why). */
  async verify(secret: string, scope: IngestScope): Promise<VerifiedKey | undefined> {
    const key = await this.lookup(secret);
    if (!key || !key.scopes.includes(scope) || isExpired(key)) return undefined;
    this.touch(key.id);
    return key;
  }

  /** Why verify() refused this secret, for the 401 message; a revoked key reads as unknown. */
  async refusal(secret: string, scope: IngestScope): Promise<string> {
    const key = await this.lookup(secret);
    if (!key) return `Invalid or revoked ingest key (this endpoint needs one with scope "${scope}")`;
    if (isExpired(key)) return `Ingest key "${key.name}" expired at ${new Date(key.expiresAt ?? 0).toISOString()}; create a new key`;
    return `Ingest key "${key.name}" lacks scope "${scope}" (it has: ${key.scopes.join(', ')})`;
  }

  private forget(): void {
    this.cache.clear();
    this.misses.clear();
  }

  /** The active (not revoked) key with this secret, cached for a few seconds. */
  private async lookup(secret: string): Promise<VerifiedKey | null> {
    const cached = this.cache.get(secret) ?? this.misses.get(secret);
    if (cached !== undefined) return cached;
    const row = await this.keys.findOneBy({ secretHash: digest(secret), revokedAt: IsNull() });
    const key = row
      ? { id: row.id, name: row.name, scopes: row.scopes, flows: row.flows ? new Set(row.flows) : null, expiresAt: row.expiresAt?.getTime() ?? null }
      : null;
    if (key) this.cache.set(secret, key);
    else this.misses.set(secret, null);
    return key;
  }

  /** Records last use at most once a minute per key, off the request path. */
  private touch(id: string): void {
    const now = Date.now();
    if ((this.lastUsedWritten.get(id) ?? 0) > now - 60_000) return;
    this.lastUsedWritten.set(id, now);
    void this.keys.update({ id }, { lastUsedAt: new Date(now) }).catch(() => undefined);
  }
}

/** Checked on every request, not cached: the cache may outlive the expiry. */
function isExpired(key: VerifiedKey): boolean {
  return key.expiresAt !== null && key.expiresAt <= Date.now();
}

function toDto(k: IngestKeyEntity): IngestKeyDto {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    flows: k.flows,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
