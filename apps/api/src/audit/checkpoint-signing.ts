import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** A signed head of the chain: `entries` entries, the last one's `hash`, signed at `at`. */
export interface Checkpoint {
  entries: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

/** The key id: the first 16 hex digits of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** What is signed: the canonical JSON of the checkpoint without its signature. */
export function checkpointPayload(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalJson({ entries: c.entries, hash: c.hash, at: c.at, keyId: c.keyId }), 'utf8');
}

export function signCheckpoint(privateKey: KeyObject, head: { entries: number; hash: string; at: string }): Checkpoint {
  const keyId = keyIdOf(createPublicKey(privateKey));
  const unsigned = { ...head, keyId };
  return { ...unsigned, signature: sign(null, checkpointPayload(unsigned), privateKey).toString('base64') };
}

/** Whether the checkpoint was signed by this public key (and names it). */
export function checkpointSignedBy(c: Checkpoint, publicKey: KeyObject): boolean {
  if (c.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, checkpointPayload(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
