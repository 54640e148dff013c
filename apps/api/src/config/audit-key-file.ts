import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readOptionalFile } from './secret-key-file';

/** The audit signing key file cannot be read or written; the message says what to do. */
export class AuditKeyFileError extends Error {}

function readPem(path: string): KeyObject | undefined {
  const text = readOptionalFile(path, (message) => new AuditKeyFileError(message));
  if (text === undefined) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (err) {
    throw new AuditKeyFileError(`${path} does not hold a private key in PEM (${(err as Error).message}); fix it or set CLOSEWATCH_AUDIT_KEY_FILE`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new AuditKeyFileError(`${path} holds a ${key.asymmetricKeyType ?? 'unknown'} key; the audit log signs with Ed25519`);
  return key;
}

/**
 * The Ed25519 key that signs audit checkpoints, kept in a file outside the database (PKCS#8
 * PEM, mode 0600), made on first use. Another process making it at the same moment wins.
 */
export function loadOrCreateAuditKey(path: string): { key: KeyObject; created: boolean } {
  const existing = readPem(path);
  if (existing) return { key: existing, created: false };
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return { key: privateKey, created: true };
  } catch (err) {
    const raced = (err as NodeJS.ErrnoException).code === 'EEXIST' ? readPem(path) : undefined;
    if (raced) return { key: raced, created: false };
    throw new AuditKeyFileError(
      `cannot keep the audit signing key: ${path} cannot be written (${(err as Error).message}). Set CLOSEWATCH_AUDIT_KEY_FILE or make CLOSEWATCH_DATA_DIR writable and persistent`,
    );
  }
}
