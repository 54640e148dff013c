import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateAuditKey } from './audit-key-file';

describe(loadOrCreateAuditKey.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cw-audit-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes an Ed25519 key on first use (mode 0600) and reads the same one afterwards', () => {
    const path = join(dir, 'sub', 'audit.pem');
    const first = loadOrCreateAuditKey(path);
    expect(first.created).toBe(true);
    expect(first.key.asymmetricKeyType).toBe('ed25519');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadOrCreateAuditKey(path);
    expect(again.created).toBe(false);
    expect(again.key.export({ type: 'pkcs8', format: 'pem' })).toEqual(first.key.export({ type: 'pkcs8', format: 'pem' }));
  });

  it('names a file that is not an Ed25519 private key', () => {
    const path = join(dir, 'bad.pem');
    writeFileSync(path, 'nope');
    expect(() => loadOrCreateAuditKey(path)).toThrow(/does not hold a private key/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => loadOrCreateAuditKey(path)).toThrow(/holds a ec key/);
  });
});
