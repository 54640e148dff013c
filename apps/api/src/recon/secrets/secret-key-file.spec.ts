import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeyFile, promoteNewKeyFile, SecretKeyFileError, writeNewKeyFile } from './secret-key-file';

describe(loadOrCreateKeyFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'closewatch-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the key once (mode 0600) and reads it afterwards', () => {
    const path = join(dir, 'data', 'secret-key');
    const first = loadOrCreateKeyFile(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path)).toEqual({ key: first.key, created: false });
  });

  it('fails with what to set instead when the key cannot be kept', () => {
    writeFileSync(join(dir, 'not-a-dir'), '');
    expect(() => loadOrCreateKeyFile(join(dir, 'not-a-dir', 'secret-key'))).toThrow(SecretKeyFileError);
    expect(() => loadOrCreateKeyFile(join(dir, 'not-a-dir', 'secret-key'))).toThrow(/cannot keep a secret key.*CLOSEWATCH_SECRET_KEY_FILE/);
  });

  it('promotes a new key, keeping the old one', () => {
    const path = join(dir, 'rotated');
    writeNewKeyFile(path, randomBytes(32));
    const old = readFileSync(path, 'utf8');
    writeNewKeyFile(`${path}.new`, randomBytes(32));
    const next = readFileSync(`${path}.new`, 'utf8');
    promoteNewKeyFile(path);
    expect([readFileSync(path, 'utf8'), readFileSync(`${path}.old`, 'utf8')]).toEqual([next, old]);
  });
});
