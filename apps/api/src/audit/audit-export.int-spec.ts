import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { writeAuditChain } from '../../test/audit-chain-fixture';
import { startTestApp, type TestApp } from '../../test/test-app';
import { call } from '../../test/sync-health-fixtures';
import { runAuditVerify } from './audit-verify-cli';
import { AuditLog } from './audit-log.service';
import { readHead } from './audit.queries';

describe('audit export and offline verify', () => {
  let t: TestApp;
  let ds: DataSource;
  let auditor: string;
  let viewer: string;
  const dir = mkdtempSync(join(tmpdir(), 'closewatch-audit-export-'));

  const download = async (path: string, token = auditor) => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  /** Runs the offline command as `npm run audit:verify -- …` does; returns its exit code and what it printed. */
  const verifyOffline = async (...args: string[]) => {
    let out = '';
    const code = await runAuditVerify(
      args,
      (s) => (out += s),
      (s) => (out += s),
    );
    return { code, out };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    auditor = await t.tokenFor('auditor');
    viewer = await t.tokenFor('viewer');
    const audit = t.app.get(AuditLog);
    await writeAuditChain(ds, 300, await readHead(ds.manager));
    await audit.checkpoint();
    await writeAuditChain(ds, 40, await readHead(ds.manager));
  });
  afterAll(() => t?.close());

  it('exports the whole chain with its checkpoints as JSON, audits the export, and verifies offline against the public key', async () => {
    const res = await download('/api/v1/audit/export?format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-.*\.json"$/);
    const doc = JSON.parse(res.text) as { entries: AuditEntryDto[]; checkpoints: unknown[]; count: number; head: { entries: number } };
    const head = await readHead(ds.manager);
    // The export's own entry is the last one: written before the export was read.
    expect(doc.count).toBe(head.lastId);
    expect(doc.entries.map((e) => e.id)).toEqual(Array.from({ length: head.lastId }, (_, i) => i + 1));
    expect(doc.entries.at(-1)).toMatchObject({ action: 'export.audit_log', objectType: 'export', after: { format: 'json', filters: {} } });
    expect(doc.checkpoints).toHaveLength(1);
    // What the list gives is what the export holds.
    const listed = await call<Page<AuditEntryDto>>(t, 'GET', '/api/v1/audit?limit=5', auditor);
    expect(doc.entries.slice(-5).reverse()).toEqual(listed.body.items);

    const file = join(dir, 'export.json');
    writeFileSync(file, res.text);
    const keyFile = join(dir, 'public-key.json');
    writeFileSync(keyFile, JSON.stringify((await call(t, 'GET', '/api/v1/audit/public-key', auditor)).body));
    const ok = await verifyOffline(file, '--public-key', keyFile);
    expect(ok.out).toMatch(new RegExp(`^OK: ${head.lastId} entries verified: the whole chain`));
    expect(ok.code).toBe(0);
  });

  it('fails offline naming the entry when the file was edited, an entry deleted or the tail cut', async () => {
    const text = readFileSync(join(dir, 'export.json'), 'utf8');
    const keyFile = join(dir, 'public-key.json');
    const lines = text.split('\n');
    const at = (id: number) => lines.findIndex((l) => l.startsWith(`,{"id":${id},`));
    const tampered = async (name: string, edit: (ls: string[]) => string[]) => {
      const file = join(dir, name);
      writeFileSync(file, edit([...lines]).join('\n'));
      return verifyOffline(file, '--public-key', keyFile);
    };

    const edited = await tampered('edited.json', (ls) => {
      ls[at(120)] = ls[at(120)]!.replace('"reason": "resent"', '"reason": "waived"');
      return ls;
    });
    expect(edited).toEqual({ code: 1, out: expect.stringMatching(/^BROKEN at entry 120: hash_mismatch/) });

    const deleted = await tampered('deleted.json', (ls) => {
      ls.splice(at(77), 1);
      return ls.map((l) => l.replace(/^"count":(\d+)}$/, (_, n) => `"count":${Number(n) - 1}}`));
    });
    expect(deleted).toEqual({ code: 1, out: expect.stringMatching(/^BROKEN at entry 77: gap/) });

    const cut = await tampered('cut.json', (ls) => {
      const first = at(201);
      const close = ls.indexOf('],', first);
      return [...ls.slice(0, first), ...ls.slice(close)].map((l) => l.replace(/^"count":\d+}$/, '"count":200}'));
    });
    expect(cut).toEqual({ code: 1, out: expect.stringMatching(/^BROKEN at entry 201: truncated/) });

    const otherKey = join(dir, 'other-key.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const foreign = await verifyOffline(join(dir, 'export.json'), '--public-key', otherKey);
    expect(foreign.out).toMatch(/0 checkpoint\(s\) of this key, 1 of other keys ignored/);

    const notExport = await tampered('not-export.json', () => ['{"hello":1}']);
    expect(notExport.code).toBe(2);
    expect(notExport.out).toMatch(/not an audit export, line 1/);
    expect((await verifyOffline()).code).toBe(2);
  });

  it('exports filtered entries as CSV with the checkpoints after them, and refuses roles and formats it must', async () => {
    const res = await download('/api/v1/audit/export?format=csv&objectId=e-5');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = res.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('record,id,at,actorKind,actorId,actorEmail,action,objectType,objectId,before,after,prevHash,hash,keyId,signature');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['entry', 'checkpoint']);
    expect(rows[1]).toMatch(/^entry,5,.*,exception\.resolved,exception,e-5,"{""status"": ""acknowledged"", ""assigneeId"": null}",/);

    expect((await download('/api/v1/audit/export', viewer)).status).toBe(403);
    const bad = await download('/api/v1/audit/export?format=xml');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/format/);
    const backwards = await download('/api/v1/audit/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(backwards.status).toBe(400);
  });
});
