import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditCheckpointDto, type AuditPublicKeyDto, type AuditQuery, type AuditVerifyDto } from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { type RequestPrincipal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { loadOrCreateAuditKey } from '../config/audit-key-file';
import { type AppConfig } from '../config/config';
import { inReadSnapshot } from '../database/read-snapshot';
import { APP_CONFIG } from '../config/config.module';
import { type AuditActor, type AuditEntry, canonicalEntry, entryHash, hashOf, verifyEnd } from './audit-chain';
import { type FoundBreak, earliestBreak } from './audit-break-order';
import {
  allCheckpoints,
  chainBatches,
  chainExtent,
  firstContentBreak,
  firstLinkBreak,
  firstSignedBreak,
  insertCheckpoint,
  insertEntries,
  lastCheckpointAt,
  listCheckpoints,
  listEntries,
  lockHead,
  readHead,
  tryCheckpointLock,
  uncachedChainBatches,
} from './audit.queries';
import { type Checkpoint, checkpointSignedBy, keyIdOf, signCheckpoint } from './checkpoint-signing';

export type { AuditActor } from './audit-chain';

/** What a writer records; `before`/`after` are for configuration (never a secret). */
export interface AuditInput {
  actor: AuditActor;
  action: string;
  objectType: string;
  objectId: string | null;
  before?: unknown;
  after?: unknown;
}

/** What an export is of. */
export type ExportSubject = 'audit_log' | 'exceptions' | 'recon_run' | 'lineage';

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, email: null };

/** The audit actor of a request's principal (no principal: Closewatch itself). */
export function actorOf(p: RequestPrincipal | undefined): AuditActor {
  if (!p) return SYSTEM_ACTOR;
  return p.kind === 'user' ? { kind: 'user', id: p.userId, email: p.email } : { kind: 'ingest', id: p.keyId, email: null };
}

/** A user actor from the `{userId, email}` pairs features pass around. */
export const userActor = (u: { userId: string | null; email: string | null }): AuditActor =>
  u.userId === null && u.email === null ? SYSTEM_ACTOR : { kind: 'user', id: u.userId, email: u.email };

/** As JSONB gives it back: what is hashed must be what is read again. */
const asStored = (v: unknown): unknown => (v === undefined || v === null ? null : (JSON.parse(JSON.stringify(v)) as unknown));

/**
 * The tamper-evident audit log (docs/audit.md). `append` writes one entry in the caller's
 * transaction, under the head lock, so the entry exists exactly when the change does and
 * concurrent writers never fork the chain. Verify streams the chain (COPY) in one snapshot.
 */
@Injectable()
export class AuditLog implements OnModuleInit {
  private readonly logger = new Logger('audit');
  private privateKey: KeyObject | undefined;
  private publicKey: KeyObject | undefined;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.keys();
  }

  private keys(): { privateKey: KeyObject; publicKey: KeyObject } {
    if (!this.privateKey || !this.publicKey) {
      const { key, created } = loadOrCreateAuditKey(this.config.audit.keyFile);
      if (created) this.logger.log({ msg: 'audit signing key created', file: this.config.audit.keyFile });
      this.privateKey = key;
      this.publicKey = createPublicKey(key);
    }
    return { privateKey: this.privateKey, publicKey: this.publicKey };
  }

  /** Appends one entry in the caller's transaction (`m` must be inside one); returns it. */
  async append(m: EntityManager, input: AuditInput, at = new Date()): Promise<AuditEntry> {
    const [entry] = await this.appendMany(m, [input], at);
    return entry!;
  }

  /** Appends entries in order in the caller's transaction, under one take of the head lock. */
  async appendMany(m: EntityManager, inputs: readonly AuditInput[], at = new Date()): Promise<AuditEntry[]> {
    if (!m.queryRunner?.isTransactionActive) throw new Error('AuditLog.append needs the entity manager of an open transaction');
    if (inputs.length === 0) return [];
    const head = await lockHead(m);
    const entries: AuditEntry[] = [];
    const canonicals: string[] = [];
    let prevHash = head.lastHash;
    for (const input of inputs) {
      const unhashed = {
        id: head.lastId + entries.length + 1,
        at: at.toISOString(),
        actor: { kind: input.actor.kind, id: input.actor.id, email: input.actor.email },
        action: input.action,
        objectType: input.objectType,
        objectId: input.objectId,
        before: asStored(input.before),
        after: asStored(input.after),
        prevHash,
      };
      const canonical = canonicalEntry(unhashed);
      const entry: AuditEntry = { ...unhashed, hash: hashOf(prevHash, canonical) };
      entries.push(entry);
      canonicals.push(canonical);
      prevHash = entry.hash;
    }
    await insertEntries(m, entries, canonicals);
    return entries;
  }

  /**
   * Records an export (`export.<what>`, docs/audit.md): who exported what, in which format and
   * with which filters. Called before the export is read, so an audit-log export holds its own entry.
   */
  recordExport(
    p: RequestPrincipal | undefined,
    e: { what: ExportSubject; objectId: string | null; format: string; filters: Record<string, unknown> },
  ): Promise<AuditEntry> {
    return this.record({
      actor: actorOf(p),
      action: `export.${e.what}`,
      objectType: 'export',
      objectId: e.objectId,
      after: { format: e.format, filters: e.filters },
    });
  }

  /** Appends in a transaction of its own (for events that are no database change, such as a login). */
  record(input: AuditInput): Promise<AuditEntry> {
    return this.ds.transaction((m) => this.append(m, input));
  }

  async list(q: AuditQuery & { limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
    const key = decodeCursor<[unknown]>(q.cursor, 1);
    if (key && (typeof key[0] !== 'number' || !Number.isSafeInteger(key[0]))) throw ApiError.field('cursor', 'is not a cursor this list returned');
    this.checkRange(q);
    const rows = await listEntries(this.ds.manager, { ...q, beforeId: key?.[0] as number | undefined });
    return toPage(
      rows,
      q.limit,
      (e) => e,
      (e) => [e.id],
    );
  }

  /** Refuses a time range that ends before it starts (the list's and the export's filters). */
  checkRange(q: AuditQuery): void {
    if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) throw ApiError.field('to', 'must not be before from');
  }

  async checkpoints(q: { limit: number; cursor?: string }): Promise<Page<AuditCheckpointDto>> {
    const key = decodeCursor<[unknown, unknown]>(q.cursor, 2);
    if (key && (typeof key[0] !== 'string' || Number.isNaN(Date.parse(key[0])) || typeof key[1] !== 'number')) {
      throw ApiError.field('cursor', 'is not a cursor this list returned');
    }
    const rows = await listCheckpoints(this.ds.manager, q.limit, key ? { at: key[0] as string, entries: key[1] as number } : undefined);
    return toPage(
      rows,
      q.limit,
      (c) => c,
      (c) => [c.at, c.entries],
    );
  }

  publicKeyDto(): AuditPublicKeyDto {
    const { publicKey } = this.keys();
    return { keyId: keyIdOf(publicKey), algorithm: 'Ed25519', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }

  /**
   * Recomputes the whole chain, streamed with COPY in one read snapshot, against the checkpoints this key signed (others are
   * ignored) and the head the database keeps; names the first broken entry and why.
   */
  async verify(): Promise<AuditVerifyDto> {
    const { publicKey } = this.keys();
    return inReadSnapshot(this.ds, async (m, client) => {
      const head = await readHead(m);
      const signed = (await allCheckpoints(m)).filter((c) => checkpointSignedBy(c, publicKey));
      const checkpoints = new Map(signed.map((c) => [c.entries, c.hash]));
      const expected = Math.max(head.lastId, ...signed.map((c) => c.entries));
      // In PostgreSQL: every entry with its canonical text against its hash and its columns, the
      // links between entries, the signed checkpoints; in Node: entries without that text.
      const found: FoundBreak[] = [];
      const content = await this.contentBreakInDatabase(m);
      if (typeof content === 'number') found.push({ rowId: content, kind: 'hash' });
      const link = await firstLinkBreak(m);
      if (link) found.push(link.gap ? { rowId: link.id, kind: 'gap', missingId: link.prevId + 1 } : { rowId: link.id, kind: 'prev_hash' });
      const signedBreak = await firstSignedBreak(m, checkpoints);
      if (signedBreak !== undefined) found.push({ rowId: signedBreak, kind: 'checkpoint' });
      const before = earliestBreak(found)?.rowId ?? Number.POSITIVE_INFINITY;
      const inNode = content === 'unreadable' ? chainBatches(client) : uncachedChainBatches(client, before);
      uncached: for await (const batch of inNode) {
        for (const e of batch) {
          if (e.id >= before) break uncached;
          if (entryHash(e) !== e.hash) {
            found.push({ rowId: e.id, kind: 'hash' });
            break uncached;
          }
        }
      }
      const broken = earliestBreak(found);
      if (broken) return { ok: false, entries: broken.entries, firstBrokenId: broken.firstBrokenId, reason: broken.reason };
      // No gap: the ids run from 1 to the last one.
      const state = { entries: (await chainExtent(m)).lastId, lastHash: '' };
      const end = verifyEnd(state, expected);
      if (end) return { ok: false, entries: state.entries, firstBrokenId: end.firstBrokenId, reason: end.reason };
      return { ok: true, entries: state.entries, firstBrokenId: null, reason: null };
    });
  }

  /**
   * firstContentBreak in a savepoint: a stored text PostgreSQL cannot read as JSON (none that
   * Closewatch writes) makes verify check every entry in Node instead of failing.
   */
  private async contentBreakInDatabase(m: EntityManager): Promise<number | undefined | 'unreadable'> {
    await m.query('savepoint audit_content');
    try {
      const id = await firstContentBreak(m);
      await m.query('release savepoint audit_content');
      return id;
    } catch (err) {
      await m.query('rollback to savepoint audit_content');
      this.logger.warn({ msg: 'audit texts unreadable in PostgreSQL; verifying every entry in Node', err: (err as Error).message });
      return 'unreadable';
    }
  }

  /**
   * A signed checkpoint that covers entry `entryId` (committed): signs the head now, or, while
   * another replica holds the checkpoint claim, waits for its checkpoint (a period's close is
   * signed off with one, DESIGN's "when a period closes"). Undefined if none came within `waitMs`.
   */
  async checkpointCovering(entryId: number, waitMs = 5_000): Promise<Checkpoint | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      const signed = await this.checkpoint(0);
      if (signed && signed.entries >= entryId) return signed;
      const [latest] = await listCheckpoints(this.ds.manager, 1);
      if (latest && latest.entries >= entryId) return latest;
      if (Date.now() >= until) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Signs the head of the chain when the last checkpoint is at least `minAgeMs` old (0: now),
   * claimed once across replicas; undefined when another replica holds the claim, it is not
   * due, or the log is empty.
   */
  async checkpoint(minAgeMs = 0, now = new Date()): Promise<Checkpoint | undefined> {
    const { privateKey } = this.keys();
    return this.ds.transaction(async (m) => {
      if (!(await tryCheckpointLock(m))) return undefined;
      const last = await lastCheckpointAt(m);
      if (minAgeMs > 0 && last !== undefined && now.getTime() - Date.parse(last) < minAgeMs) return undefined;
      const head = await readHead(m);
      if (head.lastId === 0) return undefined;
      const c = signCheckpoint(privateKey, { entries: head.lastId, hash: head.lastHash, at: now.toISOString() });
      await insertCheckpoint(m, c);
      return c;
    });
  }
}
