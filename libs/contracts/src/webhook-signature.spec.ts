import { createHmac } from 'node:crypto';
import { isValidWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhookSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body with the secret', () => {
    const body = '{"version":1}';
    expect(webhookSignature('sec', body)).toBe(`sha256=${createHmac('sha256', 'sec').update(body).digest('hex')}`);
  });

  it('accepts the body signed with the secret and refuses anything else', () => {
    const body = Buffer.from('{"replayRequestId":"r1"}');
    const header = webhookSignature('sec', body);
    expect(isValidWebhookSignature('sec', body, header)).toBe(true);
    expect(isValidWebhookSignature('other', body, header)).toBe(false);
    expect(isValidWebhookSignature('sec', Buffer.from('{"replayRequestId":"r2"}'), header)).toBe(false);
    expect(isValidWebhookSignature('sec', body, undefined)).toBe(false);
    expect(isValidWebhookSignature('sec', body, 'sha256=00')).toBe(false);
    expect(isValidWebhookSignature('sec', body, header.toUpperCase())).toBe(false);
  });
});
