import { outcomeOfHop, replayWebhookBody, whyNotReplayable } from './replay-rules';

const failure = { id: 'e1', type: 'delivery_failure', status: 'open', flow_id: 'ap', record_key: 'INV-1', active_request_id: null };

describe('whyNotReplayable', () => {
  it('accepts an open or acknowledged delivery failure of a record whose flow has a webhook replay receiver', () => {
    expect(whyNotReplayable(failure, 'mw', 'webhook')).toBeNull();
    expect(whyNotReplayable({ ...failure, status: 'acknowledged' }, 'mw', 'webhook')).toBeNull();
  });

  it('names why anything else cannot be replayed', () => {
    expect(whyNotReplayable({ ...failure, type: 'sync_delay' }, 'mw', 'webhook')).toMatch(/sync_delay: only delivery failures/);
    expect(whyNotReplayable({ ...failure, record_key: null }, 'mw', 'webhook')).toMatch(/names no record key/);
    expect(whyNotReplayable({ ...failure, status: 'resolved' }, 'mw', 'webhook')).toMatch(/is resolved/);
    expect(whyNotReplayable({ ...failure, active_request_id: 'r1' }, 'mw', 'webhook')).toMatch(/already has replay request r1/);
    expect(whyNotReplayable(failure, null, null)).toMatch(/flow ap names no replay receiver/);
    expect(whyNotReplayable(failure, 'gone', null)).toMatch(/replay receiver gone, which does not exist/);
    expect(whyNotReplayable(failure, 'pd', 'pagerduty')).toMatch(/is a pagerduty receiver/);
  });
});

describe('replayWebhookBody', () => {
  it('is the contract body, with links back to Closewatch', () => {
    const body = replayWebhookBody({
      id: 'r1',
      exceptionId: 'e1',
      flow: 'ap',
      recordKey: 'INV-1',
      recordType: 'invoice',
      lastHop: { system: 'erp', stage: 'failed', error: 'period closed' },
      requestedBy: 'it@example.com',
      publicUrl: 'https://cw.example/',
    });
    expect(Object.keys(body)).toEqual(['version', 'replayRequestId', 'flow', 'recordKey', 'recordType', 'lastHop', 'requestedBy', 'links']);
    expect(body.links).toEqual({
      replayRequest: 'https://cw.example/api/v1/replay-requests?exceptionId=e1',
      exception: 'https://cw.example/exceptions/e1',
      outcome: 'https://cw.example/api/v1/replay-requests/r1/outcome',
    });
  });
});

describe('outcomeOfHop', () => {
  it('a successful posting succeeds, a failure or dead letter fails', () => {
    expect(outcomeOfHop({ stage: 'posted', status: 'ok' })).toBe('succeeded');
    expect(outcomeOfHop({ stage: 'failed', status: 'error' })).toBe('failed');
    expect(outcomeOfHop({ stage: 'dead_lettered', status: 'error' })).toBe('failed');
    expect(outcomeOfHop({ stage: 'posted', status: 'error' })).toBe('failed');
  });
});
