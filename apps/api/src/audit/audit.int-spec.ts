import { createPublicKey } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type AuditCheckpointDto, type AuditEntryDto, type AuditPublicKeyDto, type AuditVerifyDto } from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { startTestApp, type TestApp } from '../../test/test-app';
import { call } from '../../test/sync-health-fixtures';
import { TEST_ENV, uniqueName } from '../../test/support/test-database';
import { canonicalEntry, entryHash } from './audit-chain';
import { AuditLog } from './audit-log.service';
import { checkpointSignedBy } from './checkpoint-signing';

describe('audit log', () => {
  let t: TestApp;
  let audit: AuditLog;
  let ds: DataSource;
  let auditor: string;
  let admin: string;
  let viewer: string;

  /** Superuser SQL with every trigger off, as someone bypassing the database's refusal would run it. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(`set local session_replication_role = replica`);
      await c.query(sql, params);
      await c.query('commit');
    } finally {
      await c.end();
    }
  }

  /** A fresh chain of `n` entries (the log emptied behind the triggers first). */
  async function freshChain(n: number): Promise<void> {
    await tamper(`truncate audit_log, audit_checkpoints, audit_log_canonical`);
    await tamper(`update audit_head set last_id = 0, last_hash = repeat('0', 64)`);
    for (let i = 1; i <= n; i++) {
      await ds.transaction((m) =>
        audit.append(m, {
          actor: { kind: 'user', id: `u${i % 3}`, email: `u${i % 3}@test.local` },
          action: i % 2 ? 'flow.update' : 'exception.resolve',
          objectType: i % 2 ? 'flow' : 'exception',
          objectId: `o${i}`,
          before: { n: i - 1 },
          after: { n: i, nested: { b: 'x', a: [1, 2.5, null] } },
        }),
      );
    }
  }

  const verify = async () => (await call<AuditVerifyDto>(t, 'GET', '/api/v1/audit/verify', auditor)).body;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditLog);
    ds = t.app.get(DataSource);
    auditor = await t.tokenFor('auditor');
    admin = await t.tokenFor('admin');
    viewer = await t.tokenFor('viewer');
  });
  afterAll(() => t?.close());

  it('verifies an intact chain, lists it with filters and keyset pages, to admins and auditors only', async () => {
    await freshChain(7);
    expect(await verify()).toEqual({ ok: true, entries: 7, firstBrokenId: null, reason: null });

    const first = await call<Page<AuditEntryDto>>(t, 'GET', '/api/v1/audit?limit=3', auditor);
    expect(first.status).toBe(200);
    expect(first.body.items.map((e) => e.id)).toEqual([7, 6, 5]);
    const second = await call<Page<AuditEntryDto>>(t, 'GET', `/api/v1/audit?limit=3&cursor=${first.body.nextCursor}`, admin);
    expect(second.body.items.map((e) => e.id)).toEqual([4, 3, 2]);
    expect(first.body.items[0]).toMatchObject({
      actor: { kind: 'user', id: 'u1', email: 'u1@test.local' },
      action: 'flow.update',
      objectType: 'flow',
      objectId: 'o7',
    });
    expect(first.body.items[0]!.after).toEqual({ n: 7, nested: { b: 'x', a: [1, 2.5, null] } });

    const filtered = await call<Page<AuditEntryDto>>(t, 'GET', '/api/v1/audit?objectType=exception&actor=u1%40test.local', auditor);
    expect(filtered.body.items.map((e) => e.id)).toEqual([4]);
    const byObject = await call<Page<AuditEntryDto>>(t, 'GET', '/api/v1/audit?objectId=o2&action=exception.resolve', auditor);
    expect(byObject.body.items.map((e) => e.id)).toEqual([2]);
    const future = await call<Page<AuditEntryDto>>(t, 'GET', `/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, auditor);
    expect(future.body.items).toEqual([]);

    expect((await call(t, 'GET', '/api/v1/audit', viewer)).status).toBe(403);
    expect((await call(t, 'GET', '/api/v1/audit/verify', viewer)).status).toBe(403);
    const bad = await call<{ message: string }>(t, 'GET', '/api/v1/audit?from=yesterday', auditor);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/from/);
    expect((await call(t, 'GET', '/api/v1/audit?cursor=nope', auditor)).status).toBe(400);
  });

  it('signs checkpoints with the Ed25519 key the public-key endpoint gives, once across replicas', async () => {
    await freshChain(3);
    const replica = await t.replica();
    try {
      const made = await Promise.all([audit.checkpoint(3_600_000), replica.app.get(AuditLog).checkpoint(3_600_000)]);
      expect(made.filter(Boolean)).toHaveLength(1);
    } finally {
      await replica.close();
    }
    const list = await call<Page<AuditCheckpointDto>>(t, 'GET', '/api/v1/audit/checkpoints', auditor);
    expect(list.body.items).toHaveLength(1);
    const key = (await call<AuditPublicKeyDto>(t, 'GET', '/api/v1/audit/public-key', auditor)).body;
    expect(key.algorithm).toBe('Ed25519');
    const [c] = list.body.items;
    expect(c).toMatchObject({ entries: 3, keyId: key.keyId });
    expect(checkpointSignedBy(c!, createPublicKey(key.publicKey))).toBe(true);
    expect(await audit.checkpoint(3_600_000)).toBeUndefined(); // not due yet
  });

  it('names an altered entry (hash_mismatch)', async () => {
    await freshChain(6);
    await tamper(`update audit_log set after = '{"n": 999}' where id = 4`);
    expect(await verify()).toEqual({ ok: false, entries: 3, firstBrokenId: 4, reason: 'hash_mismatch' });
  });

  it('names a deleted entry (gap)', async () => {
    await freshChain(6);
    await tamper(`delete from audit_log where id = 3`);
    expect(await verify()).toEqual({ ok: false, entries: 2, firstBrokenId: 3, reason: 'gap' });
  });

  /**
   * Rewrites entry `id`'s `after` (or `action`) and re-hashes it, and with `chain` every entry after
   * it, so the chain is self-consistent; with `texts` the stored canonical texts are rewritten too
   * (an attacker who knows them), else they still say what was hashed first.
   */
  async function rewrite(id: number, change: Partial<AuditEntryDto>, o: { chain: boolean; texts: boolean }): Promise<void> {
    const rows: AuditEntryDto[] = (await call<Page<AuditEntryDto>>(t, 'GET', '/api/v1/audit?limit=100', auditor)).body.items.reverse();
    let prev = rows[id - 2]?.hash ?? '0'.repeat(64);
    for (const e of rows.slice(id - 1, o.chain ? undefined : id)) {
      const next = { ...e, ...(e.id === id ? change : {}), prevHash: o.chain ? prev : e.prevHash };
      const hash = entryHash(next);
      await tamper(`update audit_log set action = $1, after = $2::jsonb, prev_hash = $3, hash = $4 where id = $5`, [
        next.action,
        JSON.stringify(next.after),
        next.prevHash,
        hash,
        e.id,
      ]);
      if (o.texts) await tamper(`update audit_log_canonical set canonical = $1 where id = $2`, [canonicalEntry(next), e.id]);
      prev = hash;
    }
    if (o.chain) await tamper(`update audit_head set last_hash = $1`, [prev]);
  }

  it('names a rewritten chain at its first rewritten entry while the hashed text is kept, else at the checkpoint it contradicts', async () => {
    await freshChain(4);
    await audit.checkpoint();
    await rewrite(2, { after: { n: 'rewritten' } }, { chain: true, texts: false });
    expect(await verify()).toEqual({ ok: false, entries: 1, firstBrokenId: 2, reason: 'hash_mismatch' });

    await freshChain(4);
    await audit.checkpoint();
    await rewrite(2, { after: { n: 'rewritten' } }, { chain: true, texts: true });
    expect(await verify()).toEqual({ ok: false, entries: 3, firstBrokenId: 4, reason: 'hash_mismatch' });
  });

  it('names an entry re-hashed alone itself while the hashed text is kept, else by the next entry; the same without any stored text', async () => {
    await freshChain(5);
    await rewrite(3, { action: 'nothing.happened' }, { chain: false, texts: false });
    expect(await verify()).toEqual({ ok: false, entries: 2, firstBrokenId: 3, reason: 'hash_mismatch' });

    await freshChain(5);
    await rewrite(3, { action: 'nothing.happened' }, { chain: false, texts: true });
    expect(await verify()).toEqual({ ok: false, entries: 3, firstBrokenId: 4, reason: 'prev_hash_mismatch' });

    // Without the texts (a log written before they were kept, or them deleted) Node checks each entry.
    await tamper(`truncate audit_log_canonical`);
    expect(await verify()).toEqual({ ok: false, entries: 3, firstBrokenId: 4, reason: 'prev_hash_mismatch' });
    await freshChain(5);
    await tamper(`delete from audit_log_canonical where id in (2, 4)`);
    expect(await verify()).toMatchObject({ ok: true, entries: 5 });
  });

  it('names a cut tail against the last checkpoint (truncated)', async () => {
    await freshChain(6);
    await audit.checkpoint();
    await tamper(`delete from audit_log where id > 4`);
    await tamper(`update audit_head set last_id = 4, last_hash = (select hash from audit_log where id = 4)`);
    expect(await verify()).toEqual({ ok: false, entries: 4, firstBrokenId: 5, reason: 'truncated' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the role the app runs as, and keeps its triggers from a role that does not own the log', async () => {
    await freshChain(2);
    await expect(ds.query(`update audit_log set action = 'x' where id = 1`)).rejects.toThrow(/append-only: UPDATE on audit_log/);
    await expect(ds.query(`delete from audit_log where id = 2`)).rejects.toThrow(/append-only: DELETE on audit_log/);
    await expect(ds.query(`truncate audit_log`)).rejects.toThrow(/append-only: TRUNCATE on audit_log/);
    await expect(ds.query(`truncate audit_checkpoints`)).rejects.toThrow(/append-only: TRUNCATE on audit_checkpoints/);

    const role = uniqueName('cw_app');
    const owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    try {
      await owner.query(`create role "${role}" login nosuperuser password 'x'`);
      await owner.query(`grant select, insert on audit_log, audit_checkpoints to "${role}"`);
      await owner.query(`grant select, update on audit_head to "${role}"`);
      const url = new URL(t.databaseUrl);
      url.username = role;
      url.password = 'x';
      const app = new Client({ connectionString: url.toString() });
      await app.connect();
      try {
        await expect(app.query(`alter table audit_log disable trigger user`)).rejects.toThrow(/must be owner/);
        await expect(app.query(`update audit_log set action = 'x'`)).rejects.toThrow(/permission denied|append-only/);
        await expect(app.query(`truncate audit_log`)).rejects.toThrow(/permission denied|append-only/);
        expect((await app.query(`select count(*)::int as n from audit_log`)).rows[0]).toEqual({ n: 2 });
      } finally {
        await app.end();
      }
    } finally {
      await owner.query(`reassign owned by "${role}" to current_user`).catch(() => undefined);
      await owner.query(`drop owned by "${role}"`).catch(() => undefined);
      await owner.end();
      const server = new Client({ connectionString: process.env[TEST_ENV.adminUrl] });
      await server.connect();
      await server.query(`drop role if exists "${role}"`).catch(() => undefined);
      await server.end();
    }
  });

  it('never forks the chain under concurrent appends (ids without gaps)', async () => {
    await freshChain(0);
    const replica = await t.replica();
    try {
      const logs = [audit, replica.app.get(AuditLog)];
      const sources = [ds, replica.app.get(DataSource)];
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          sources[i % 2]!.transaction((m) =>
            logs[i % 2]!.append(m, { actor: { kind: 'system', id: null, email: null }, action: 'test.concurrent', objectType: 'test', objectId: String(i) }),
          ),
        ),
      );
    } finally {
      await replica.close();
    }
    expect(await verify()).toEqual({ ok: true, entries: 40, firstBrokenId: null, reason: null });
    const ids: { id: string }[] = await ds.query(`select id from audit_log order by id`);
    expect(ids.map((r) => Number(r.id))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('refuses an append outside a transaction', async () => {
    await expect(audit.append(ds.manager, { actor: { kind: 'system', id: null, email: null }, action: 'x', objectType: 'x', objectId: null })).rejects.toThrow(
      /open transaction/,
    );
  });
});
