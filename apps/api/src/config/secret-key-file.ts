import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseSecretKey, SECRET_KEY_BYTES } from './secret-key';

/** The key file cannot be read or written; the message says what to set instead. */
export class SecretKeyFileError extends Error {}

/** A file's text; undefined when there is no such file; any other failure is `fail(message)`. */
export function readOptionalFile(path: string, fail: (message: string) => Error): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fail(`${path} cannot be read (${(err as Error).message})`);
  }
}

/** The key in a file (base64 or hex); undefined when there is no such file. */
export function readKeyFile(path: string): Buffer | undefined {
  const text = readOptionalFile(path, (message) => new SecretKeyFileError(message));
  if (text === undefined) return undefined;
  const key = parseSecretKey(text);
  if (!key) throw new SecretKeyFileError(`${path} does not hold a 32-byte key (base64 or 64 hex digits); fix or remove it, or set CLOSEWATCH_SECRET_KEY_FILE`);
  return key;
}

/** Writes a key to a new file (mode 0600), creating its directory; fails when the file exists. */
export function writeNewKeyFile(path: string, key: Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
}

/**
 * The key in `path`, generated on first use. Returns whether it was created. Another process
 * creating it at the same moment wins, and its key is used.
 */
export function loadOrCreateKeyFile(path: string): { key: Buffer; created: boolean } {
  const existing = readKeyFile(path);
  if (existing) return { key: existing, created: false };
  const fresh = randomBytes(SECRET_KEY_BYTES);
  try {
    writeNewKeyFile(path, fresh);
    return { key: fresh, created: true };
  } catch (err) {
    const raced = (err as NodeJS.ErrnoException).code === 'EEXIST' ? readKeyFile(path) : undefined;
    if (raced) return { key: raced, created: false };
    throw new SecretKeyFileError(
      `cannot keep a secret key for connection URLs: ${path} cannot be written (${(err as Error).message}). ` +
        'A key that is not kept makes stored connection URLs unreadable after a restart. Set CLOSEWATCH_SECRET_KEY_FILE ' +
        '(e.g. a Docker secret) or CLOSEWATCH_SECRET_KEY, or make CLOSEWATCH_DATA_DIR a writable, persistent directory',
    );
  }
}

/**
 * Makes `<path>.new` the key in `path`, keeping the previous one as `<path>.old`: the last step of
 * a rotation, once every secret is sealed with the new key.
 */
export function promoteNewKeyFile(path: string): void {
  try {
    renameSync(path, `${path}.old`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  renameSync(`${path}.new`, path);
}
