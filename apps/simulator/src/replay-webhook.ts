import { type ReplayWebhookBody } from '@closewatch/contracts/replays';
import { isValidWebhookSignature } from '@closewatch/contracts/webhook-signature';

/** What the demo middleware needs of a replay webhook. */
export type ReplayAsk = Pick<ReplayWebhookBody, 'replayRequestId' | 'flow' | 'recordKey'> & {
  /** `X-Closewatch-Delivery`: the same on every retry of one request. */
  deliveryId: string;
};

export type ReadWebhook = { ok: true; ask: ReplayAsk } | { ok: false; status: 400 | 401; message: string };

/**
 * Checks a replay webhook as Closewatch sends it (docs/replays.md): the signature
 * `X-Closewatch-Signature` over the raw body with the receiver's secret, the delivery id, and a
 * version 1 body naming the request, flow and record.
 */
export function readReplayWebhook(raw: Buffer, headers: { signature?: string; deliveryId?: string }, secret: string): ReadWebhook {
  if (!isValidWebhookSignature(secret, raw, headers.signature)) {
    return { ok: false, status: 401, message: 'X-Closewatch-Signature is missing or is not the HMAC-SHA256 of the body with the shared secret' };
  }
  if (!headers.deliveryId) return { ok: false, status: 400, message: 'X-Closewatch-Delivery is missing' };
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, message: 'the body is not JSON' };
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (b.version !== 1) return { ok: false, status: 400, message: 'version: must be 1' };
  for (const field of ['replayRequestId', 'flow', 'recordKey'] as const) {
    if (typeof b[field] !== 'string' || b[field] === '') return { ok: false, status: 400, message: `${field}: must be a non-empty string` };
  }
  return {
    ok: true,
    ask: { replayRequestId: b.replayRequestId as string, flow: b.flow as string, recordKey: b.recordKey as string, deliveryId: headers.deliveryId },
  };
}
