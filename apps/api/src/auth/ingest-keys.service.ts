import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { type CreatedIngestKey, type IngestKeyDto } from '@closewatch/contracts/ingest-keys';
import { ApiError } from '../common/api-error';
import { IngestKeyEntity, type IngestScope, INGEST_SCOPES } from './ingest-key.entity';
import { digest, newSecret } from './secrets';
import { TtlCache } from './ttl-cache';

interface VerifiedKey {
  id: string;
  name: string;
  scopes: IngestScope[];
}

/**
 * Ingest keys authenticate integrations (OTLP exporters, event producers). Stored as SHA-256
 * digests; checks are cached for a few seconds so ingest does not pay a query per request.
 */
@Injectable()
export class IngestKeysService {
  private readonly cache = new TtlCache<VerifiedKey | null>(10_000);
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(@InjectRepository(IngestKeyEntity) private readonly keys: Repository<IngestKeyEntity>) {}

  async list(): Promise<IngestKeyDto[]> {
    const rows = await this.keys.find({ order: { createdAt: 'DESC' } });
    return rows.map(toDto);
  }

  /** Creates a key; the secret is answered once and never again. */
  async create(name: string, scopes: IngestScope[] = [...INGEST_SCOPES], createdBy: string | null = null, secret?: string): Promise<CreatedIngestKey> {
    const value = secret ?? newSecret('cwk');
    const saved = await this.keys.save(
      this.keys.create({ name, scopes, createdBy, prefix: value.slice(0, 8), secretHash: digest(value), revokedAt: null, lastUsedAt: null }),
    );
    this.cache.clear();
    return { key: toDto(saved), secret: value };
  }

  /** Ensures a key with exactly this secret exists and is active (CLOSEWATCH_INGEST_KEY). */
  async ensure(name: string, secret: string): Promise<void> {
    const existing = await this.keys.findOneBy({ secretHash: digest(secret) });
    if (existing) {
      if (existing.revokedAt) await this.keys.update({ id: existing.id }, { revokedAt: null });
      return;
    }
    await this.create(name, [...INGEST_SCOPES], null, secret);
  }

  async revoke(id: string): Promise<IngestKeyDto> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw ApiError.notFound(`ingest key ${id}`);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
    }
    this.cache.clear();
    return toDto(key);
  }

  async verify(secret: string, scope: IngestScope): Promise<VerifiedKey | undefined> {
    let key = this.cache.get(secret);
    if (key === undefined) {
      const row = await this.keys.findOneBy({ secretHash: digest(secret), revokedAt: IsNull() });
      key = row ? { id: row.id, name: row.name, scopes: row.scopes } : null;
      this.cache.set(secret, key);
    }
    if (!key || !key.scopes.includes(scope)) return undefined;
    this.touch(key.id);
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

function toDto(k: IngestKeyEntity): IngestKeyDto {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
