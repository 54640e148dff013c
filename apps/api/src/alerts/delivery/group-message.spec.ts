import { GROUP_MESSAGE_INCIDENTS, groupLabel, type GroupPayload, isGroupPayload, slackGroupMessage } from './group-message';
import { type AlertPayload, slackMessage } from './payloads';

const member = (n: number): AlertPayload => ({
  incident: {
    id: `5f0c6d1e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title: `coupa-to-netsuite: failure ${n}`,
    flow: 'coupa-to-netsuite',
    cause: `cause_${n}`,
    type: null,
    entity: 'US01',
    period: '2026-11',
    status: 'open',
    severity: 'high',
    exceptionCount: 1,
    unresolvedCount: 1,
    firstSeenAt: '2026-12-07T09:00:00.000Z',
    lastSeenAt: '2026-12-07T09:30:00.000Z',
    resolvedAt: null,
    amountsAtRisk: [{ amount: '100.00', currency: 'USD' }],
    impacts: [],
    ownerTeam: 'ap',
  },
  exceptions: [],
  links: { incident: `https://cw.example.com/incidents/${n}` },
});
const group = (count: number): GroupPayload => ({
  group: { route: 'ap', by: { flow: 'coupa-to-netsuite', entity: 'US01' } },
  members: Array.from({ length: count }, (_, i) => member(i + 1)),
});

describe(slackGroupMessage.name, () => {
  it('sends a lone incident as its own message', () => {
    expect(slackGroupMessage(group(1), 'trigger')).toEqual(slackMessage(member(1), 'trigger'));
  });

  it('names how many incidents and the group, with one section and link per incident', () => {
    const m = slackGroupMessage(group(3), 'trigger') as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(m.blocks[0]!.text!.text).toBe('Triggered: 3 incidents — flow coupa-to-netsuite, entity US01');
    expect(m.blocks.filter((b) => b.type === 'section')).toHaveLength(3);
    expect(m.blocks[1]!.text!.text).toBe('[high] coupa-to-netsuite: failure 1 — 100.00 USD at risk\n<https://cw.example.com/incidents/1|Open in Closewatch>');
    expect(m.text.split('\n')).toHaveLength(4);
  });

  it('stays within Slack limits for a large group, counting the incidents not listed', () => {
    const m = slackGroupMessage(group(120), 'trigger') as { text: string; blocks: { type: string; elements?: { text: string }[] }[] };
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks.filter((b) => b.type === 'section')).toHaveLength(GROUP_MESSAGE_INCIDENTS);
    expect(m.blocks.at(-1)!.elements![0]!.text).toBe('and 100 more in the same group');
    expect([...m.text].length).toBeLessThanOrEqual(3000);
  });

  it('labels a group by its values, and tells a group payload from an incident payload', () => {
    expect(groupLabel({ route: 'ap', by: { cause: null } })).toBe('cause (none)');
    expect(groupLabel({ route: 'ap', by: {} })).toBe('ap');
    expect(isGroupPayload(group(2))).toBe(true);
    expect(isGroupPayload(member(1))).toBe(false);
  });
});
