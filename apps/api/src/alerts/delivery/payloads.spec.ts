import { webhookSignature } from '@closewatch/contracts/webhook-signature';
import { type AlertPayload, pagerDutyEvent, slackMessage, summaryOf, truncate, webhookBody } from './payloads';
import { deliveryRequest } from './delivery-request';

const payload = (over: Partial<AlertPayload['incident']> = {}): AlertPayload => ({
  incident: {
    id: '5f0c6d1e-0000-4000-8000-000000000001',
    title: 'coupa-to-netsuite: vendor inactive failures',
    flow: 'coupa-to-netsuite',
    cause: 'vendor_inactive',
    type: null,
    entity: 'US01',
    period: '2026-11',
    status: 'open',
    severity: 'high',
    exceptionCount: 3,
    unresolvedCount: 2,
    firstSeenAt: '2026-12-07T09:00:00.000Z',
    lastSeenAt: '2026-12-07T09:30:00.000Z',
    resolvedAt: null,
    amountsAtRisk: [{ amount: '25000.00', currency: 'USD' }],
    impacts: ['close'],
    ownerTeam: 'ap',
    ...over,
  },
  exceptions: [],
  links: { incident: 'https://cw.example.com/incidents/5f0c6d1e-0000-4000-8000-000000000001' },
});

describe('pagerDutyEvent', () => {
  it('maps severities critical→critical, high→error, medium→warning, low→info', () => {
    const sev = (severity: 'critical' | 'high' | 'medium' | 'low') =>
      (pagerDutyEvent(payload({ severity }), 'trigger', 'k', 's').payload as { severity: string }).severity;
    expect([sev('critical'), sev('high'), sev('medium'), sev('low')]).toEqual(['critical', 'error', 'warning', 'info']);
  });
  it('sends repeat and escalate as trigger with the same dedup key; acknowledge and resolve carry no payload', () => {
    expect(pagerDutyEvent(payload(), 'repeat', 'k', 's')).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'closewatch:5f0c6d1e-0000-4000-8000-000000000001',
    });
    expect(pagerDutyEvent(payload(), 'escalate', 'k', 's').event_action).toBe('trigger');
    expect(pagerDutyEvent(payload(), 'resolve', 'k', 's')).toEqual({
      routing_key: 'k',
      event_action: 'resolve',
      dedup_key: 'closewatch:5f0c6d1e-0000-4000-8000-000000000001',
    });
  });
  it('keeps the summary within 1024 characters', () => {
    const e = pagerDutyEvent(payload({ title: 'x'.repeat(5000) }), 'trigger', 'k', 's');
    expect([...(e.payload as { summary: string }).summary]).toHaveLength(1024);
  });
  it('names amounts in several currencies each with its currency', () => {
    const e = pagerDutyEvent(
      payload({
        amountsAtRisk: [
          { amount: '10.00', currency: 'EUR' },
          { amount: '20.00', currency: 'USD' },
        ],
      }),
      'trigger',
      'k',
      's',
    );
    expect((e.payload as { custom_details: unknown }).custom_details).toMatchObject({ amount_at_risk: '10.00 EUR, 20.00 USD', currency: 'EUR, USD' });
  });
});

describe('webhook', () => {
  it('signs the exact body and names the delivery', () => {
    const req = deliveryRequest({ name: 'h', kind: 'webhook', url: 'http://x', routingKey: null, secret: 'sec' }, payload(), 'trigger', 'n-1', 's');
    expect(JSON.parse(req.body)).toEqual(webhookBody(payload(), 'trigger'));
    expect(req.headers['x-closewatch-signature']).toBe(webhookSignature('sec', req.body));
    expect(req.headers['x-closewatch-delivery']).toBe('n-1');
    expect(JSON.parse(req.body)).toMatchObject({ version: 1, action: 'trigger', links: { incident: expect.any(String) } });
  });
});

describe('slackMessage', () => {
  it("stays within Slack's limits", () => {
    const m = slackMessage(payload({ title: 'y'.repeat(10_000) }), 'trigger') as {
      text: string;
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    };
    expect([...m.text].length).toBeLessThanOrEqual(3000);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect([...m.blocks[0]!.text!.text].length).toBeLessThanOrEqual(150);
    expect([...m.blocks[1]!.text!.text].length).toBeLessThanOrEqual(3000);
    expect(m.blocks[1]!.fields!.length).toBeLessThanOrEqual(10);
  });
  it('says what happened', () => expect((slackMessage(payload(), 'acknowledge') as { text: string }).text).toMatch(/^Acknowledged: \[high\]/));
});

describe('summaryOf and truncate', () => {
  it('puts severity, title and money at risk', () =>
    expect(summaryOf(payload())).toBe('[high] coupa-to-netsuite: vendor inactive failures — 25000.00 USD at risk'));
  it('cuts by characters, not UTF-16 units', () => expect(truncate('😀😀😀', 2)).toBe('😀…'));
});

describe('runbook links', () => {
  const withRunbook: AlertPayload = { ...payload(), links: { incident: 'https://cw/i/1', runbook: 'https://wiki/runbooks/target-rejected' } };
  it('adds the runbook to the PagerDuty links and the Slack buttons', () => {
    expect(pagerDutyEvent(withRunbook, 'trigger', 'k', 's').links).toEqual([
      { href: 'https://cw/i/1', text: 'Incident in Closewatch' },
      { href: 'https://wiki/runbooks/target-rejected', text: 'Runbook' },
    ]);
    const blocks = (slackMessage(withRunbook, 'trigger') as { blocks: { type: string; elements?: { url: string }[] }[] }).blocks;
    expect(blocks.find((b) => b.type === 'actions')!.elements!.map((e) => e.url)).toEqual(['https://cw/i/1', 'https://wiki/runbooks/target-rejected']);
  });
});
