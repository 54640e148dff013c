import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a Closewatch webhook (alerts and replay requests): the header
 * `X-Closewatch-Signature: sha256=<hex HMAC-SHA256 of the body with the receiver's secret>`.
 * Shared by the API that signs and by receivers that check it (the demo middleware). Node only.
 */
export function webhookSignature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether the header is the body's signature with this secret, compared in constant time. */
export function isValidWebhookSignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(webhookSignature(secret, body));
  const got = Buffer.from(header);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
