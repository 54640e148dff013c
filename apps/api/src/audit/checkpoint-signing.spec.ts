import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { checkpointSignedBy, keyIdOf, signCheckpoint } from './checkpoint-signing';

describe('checkpoint signing', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const head = { entries: 42, hash: 'a'.repeat(64), at: '2026-12-07T05:00:00.000Z' };

  it('signs with Ed25519 and names the key', () => {
    const c = signCheckpoint(privateKey, head);
    expect(c).toMatchObject({ ...head, keyId: keyIdOf(createPublicKey(privateKey)) });
    expect(c.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkpointSignedBy(c, publicKey)).toBe(true);
  });

  it('refuses an altered checkpoint or another key', () => {
    const c = signCheckpoint(privateKey, head);
    expect(checkpointSignedBy({ ...c, entries: 41 }, publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...c, hash: 'b'.repeat(64) }, publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...c, signature: 'AAAA' }, publicKey)).toBe(false);
    expect(checkpointSignedBy(c, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });
});
