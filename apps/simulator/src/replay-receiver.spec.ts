import { webhookSignature } from '@closewatch/contracts/webhook-signature';
import { type ReplayReceiver, startReplayReceiver } from './replay-receiver';
import { type ReplayAsk } from './replay-webhook';

describe(startReplayReceiver.name, () => {
  let receiver: ReplayReceiver;
  const asked: ReplayAsk[] = [];

  beforeAll(async () => {
    receiver = await startReplayReceiver({
      host: '127.0.0.1',
      port: 0,
      secret: 'sec',
      accept: (a) => {
        asked.push(a);
        return a.recordKey === 'GONE' ? { status: 404, message: 'no such record' } : { status: 202 };
      },
    });
  });
  afterAll(() => receiver.close());

  const post = (o: Record<string, unknown>, headers: Record<string, string> = {}, secret = 'sec', url = receiver.url) => {
    const raw = JSON.stringify(o);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-closewatch-signature': webhookSignature(secret, raw), 'x-closewatch-delivery': 'n1', ...headers },
      body: raw,
    });
  };
  const ask = (recordKey: string) => ({ version: 1, replayRequestId: `r-${recordKey}`, flow: 'f', recordKey });

  it('accepts a signed webhook on loopback with 202, once per delivery id (a retry gets the same answer)', async () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/replays$/);
    const first = await post(ask('INV-1'));
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: true, replayRequestId: 'r-INV-1' });
    expect((await post(ask('INV-1'))).status).toBe(202);
    expect(asked).toEqual([{ replayRequestId: 'r-INV-1', flow: 'f', recordKey: 'INV-1', deliveryId: 'n1' }]);
  });

  it("answers the middleware's refusal with its reason", async () => {
    const res = await post(ask('GONE'), { 'x-closewatch-delivery': 'n2' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such record' });
  });

  it('refuses a wrong signature (401), a bad body (400) and other paths (404), replaying nothing', async () => {
    const before = asked.length;
    expect((await post(ask('INV-2'), { 'x-closewatch-delivery': 'n3' }, 'wrong')).status).toBe(401);
    expect((await post({ version: 1 }, { 'x-closewatch-delivery': 'n4' })).status).toBe(400);
    expect((await post(ask('INV-2'), { 'x-closewatch-delivery': 'n5' }, 'sec', receiver.url.replace('/replays', '/other'))).status).toBe(404);
    expect(asked.length).toBe(before);
  });
});
