import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReconSettings } from './recon-settings';

describe(parseReconSettings.name, () => {
  it('has defaults, and takes connections and header sets from prefixed variables', () => {
    const { settings, problems } = parseReconSettings(
      {
        CLOSEWATCH_CONNECTION_ERP_EU: 'postgres://r:p@db/erp',
        CLOSEWATCH_HTTP_HEADERS_COUPA: '{"Authorization": "Bearer x"}',
        CLOSEWATCH_RECON_WORKERS: '3',
      },
      '/data',
    );
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      connections: { erp_eu: 'postgres://r:p@db/erp' },
      httpHeaders: { coupa: { Authorization: 'Bearer x' } },
      workers: 3,
      retries: 2,
      statementTimeoutMs: 300_000,
      secretKey: undefined,
      secretKeyFile: '/data/secret-key',
      uploadDir: '/data/recon-files',
      csvDir: undefined,
      httpMaxBytes: 64 * 1024 * 1024,
      csvMaxRecordChars: 1024 * 1024,
      httpAllow: { hosts: new Set(), ranges: [] },
    });
  });

  it('names every bad variable', () => {
    const { problems } = parseReconSettings(
      {
        CLOSEWATCH_SECRET_KEY: 'short',
        CLOSEWATCH_CONNECTION_ERP: 'mysql://x',
        CLOSEWATCH_HTTP_HEADERS_API: '["not", "an object"]',
        CLOSEWATCH_RECON_RETRIES: '-1',
        CLOSEWATCH_RECON_FETCH_ROWS: 'many',
        CLOSEWATCH_HTTP_DATASET_ALLOW: '10.0.0.0/8,http://erp.internal',
        CLOSEWATCH_HTTP_DATASET_MAX_BYTES: '10',
        CLOSEWATCH_RECON_CSV_MAX_RECORD_CHARS: '1e3',
      },
      '/data',
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CLOSEWATCH_CONNECTION_ERP',
      'CLOSEWATCH_HTTP_DATASET_ALLOW',
      'CLOSEWATCH_HTTP_DATASET_MAX_BYTES',
      'CLOSEWATCH_HTTP_HEADERS_API',
      'CLOSEWATCH_RECON_CSV_MAX_RECORD_CHARS',
      'CLOSEWATCH_RECON_FETCH_ROWS',
      'CLOSEWATCH_RECON_RETRIES',
      'CLOSEWATCH_SECRET_KEY',
    ]);
  });

  it('reads a secret key given as hex', () => {
    const { settings } = parseReconSettings({ CLOSEWATCH_SECRET_KEY: 'ab'.repeat(32) }, '/data');
    expect(settings.secretKey?.length).toBe(32);
  });

  it('reads CLOSEWATCH_SECRET_KEY_FILE once, and names what is wrong with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'closewatch-settings-'));
    try {
      const key = randomBytes(32);
      writeFileSync(join(dir, 'key'), `${key.toString('base64')}\n`);
      const ok = parseReconSettings({ CLOSEWATCH_SECRET_KEY_FILE: join(dir, 'key') }, '/data');
      expect(ok.problems).toEqual([]);
      expect(ok.settings.secretKey?.equals(key)).toBe(true);
      expect(ok.settings.secretKeySource).toBe(`CLOSEWATCH_SECRET_KEY_FILE (${join(dir, 'key')})`);
      expect(parseReconSettings({ CLOSEWATCH_SECRET_KEY_FILE: join(dir, 'missing') }, '/data').problems).toEqual([
        `CLOSEWATCH_SECRET_KEY_FILE: ${join(dir, 'missing')} does not exist`,
      ]);
      expect(parseReconSettings({ CLOSEWATCH_SECRET_KEY_FILE: join(dir, 'key'), CLOSEWATCH_SECRET_KEY: key.toString('hex') }, '/data').problems).toEqual([
        'CLOSEWATCH_SECRET_KEY_FILE: set either it or CLOSEWATCH_SECRET_KEY, not both',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
