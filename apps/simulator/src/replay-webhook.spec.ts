import { webhookSignature } from '@closewatch/contracts/webhook-signature';
import { readReplayWebhook } from './replay-webhook';

const body = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o));
const valid = { version: 1, replayRequestId: 'r1', flow: 'coupa-to-oracle-invoices', recordKey: 'INV-1', recordType: 'invoice' };
const signed = (raw: Buffer, secret = 'sec') => ({ signature: webhookSignature(secret, raw), deliveryId: 'n1' });

describe(readReplayWebhook.name, () => {
  it('reads a signed version 1 body', () => {
    const raw = body(valid);
    expect(readReplayWebhook(raw, signed(raw), 'sec')).toEqual({
      ok: true,
      ask: { replayRequestId: 'r1', flow: 'coupa-to-oracle-invoices', recordKey: 'INV-1', deliveryId: 'n1' },
    });
  });

  it('refuses a body signed with another secret, or unsigned, with 401', () => {
    const raw = body(valid);
    expect(readReplayWebhook(raw, signed(raw, 'other'), 'sec')).toMatchObject({ ok: false, status: 401 });
    expect(readReplayWebhook(raw, { deliveryId: 'n1' }, 'sec')).toMatchObject({ ok: false, status: 401 });
  });

  it('names what is wrong with a signed but bad request (400)', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('not json'), /not JSON/],
      [body({ ...valid, version: 2 }), /^version/],
      [body({ ...valid, recordKey: '' }), /^recordKey/],
      [body({ ...valid, flow: 7 }), /^flow/],
    ];
    for (const [raw, message] of cases) {
      const r = readReplayWebhook(raw, signed(raw), 'sec');
      expect(r).toMatchObject({ ok: false, status: 400 });
      expect(r.ok ? '' : r.message).toMatch(message);
    }
    const raw = body(valid);
    expect(readReplayWebhook(raw, { signature: webhookSignature('sec', raw) }, 'sec')).toMatchObject({ ok: false, status: 400 });
  });
});
