import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SECRET_KEY_BYTES } from '../../config/secret-key';

/**
 * Secrets at rest (connection URLs): AES-256-GCM with a random 96-bit nonce per value and the
 * record's name as additional authenticated data, so a ciphertext moved to another record does
 * not decrypt. Stored as `v1.<nonce>.<tag>.<ciphertext>` (base64url).
 */

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  checkKey(key);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openSecret(key: Buffer, sealed: string, context: string): string {
  checkKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') throw new SecretBoxError('not a sealed secret of a known version');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1]!, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[2]!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the secret does not decrypt with this key (another CLOSEWATCH_SECRET_KEY, or altered data)');
  }
}

/** A short, non-secret identifier of a key (stored with each secret to explain a key mismatch). */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update('closewatch-secret-key-id').update(key).digest('hex').slice(0, 16);
}

function checkKey(key: Buffer): void {
  if (key.length !== SECRET_KEY_BYTES) throw new SecretBoxError(`the key must be ${SECRET_KEY_BYTES} bytes`);
}
