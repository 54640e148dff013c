import { randomBytes } from 'node:crypto';
import { parseSecretKey } from '../../config/secret-key';
import { openSecret, sealSecret, SecretBoxError, secretKeyId } from './secret-box';

describe(sealSecret.name, () => {
  const key = randomBytes(32);
  const url = 'postgres://reader:s3cret@erp.internal:5432/erp';

  it('round-trips, with a fresh nonce each time and nothing readable in the sealed text', () => {
    const a = sealSecret(key, url, 'recon_connections:erp');
    const b = sealSecret(key, url, 'recon_connections:erp');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain('s3cret');
    expect(openSecret(key, a, 'recon_connections:erp')).toBe(url);
  });

  it('refuses another key, another record, and altered text', () => {
    const sealed = sealSecret(key, url, 'recon_connections:erp');
    expect(() => openSecret(randomBytes(32), sealed, 'recon_connections:erp')).toThrow(SecretBoxError);
    expect(() => openSecret(key, sealed, 'recon_connections:coupa')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 0xff;
    parts[3] = body.toString('base64url');
    expect(() => openSecret(key, parts.join('.'), 'recon_connections:erp')).toThrow(SecretBoxError);
    expect(() => openSecret(key, 'v2.a.b.c', 'recon_connections:erp')).toThrow(SecretBoxError);
  });
});

describe(parseSecretKey.name, () => {
  it('reads 32 bytes as hex or base64, and nothing else', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(`${key.toString('base64url')}\n`)).toEqual(key);
    expect(parseSecretKey('too short')).toBeUndefined();
    expect(parseSecretKey(randomBytes(16).toString('hex'))).toBeUndefined();
  });

  it('identifies a key without revealing it', () => {
    const key = randomBytes(32);
    expect(secretKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(secretKeyId(key)).toBe(secretKeyId(Buffer.from(key)));
    expect(key.toString('hex')).not.toContain(secretKeyId(key));
  });
});
