import { createHash } from 'node:crypto';
import { type ExceptionType } from '@closewatch/contracts/exceptions';

/** What makes two findings the same problem. */
export interface FingerprintParts {
  type: ExceptionType;
  flow: string;
  /** The record key for record-level findings; otherwise the run (or expected run slot). */
  recordKey?: string | null;
  runId?: string | null;
  /** Error class, break type, unmapped dimension, ...; null when the type says it all. */
  cause?: string | null;
}

/**
 * The fingerprint of a finding: type, flow, the record key or run it is about, and its cause.
 * The same problem seen again (the same record failing again with the same error class, the
 * same run failing, the same break) has the same fingerprint and so is the same exception.
 * The parts are JSON-encoded before hashing so no separator in a key can make two different
 * findings collide. SHA-256, lowercase hex.
 */
export function fingerprintOf(p: FingerprintParts): string {
  const subject = p.recordKey != null ? ['record', p.recordKey] : p.runId != null ? ['run', p.runId] : ['flow'];
  return createHash('sha256')
    .update(JSON.stringify(['v1', p.type, p.flow, ...subject, p.cause ?? null]))
    .digest('hex');
}
