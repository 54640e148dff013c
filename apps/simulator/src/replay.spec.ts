import { injectFault } from './faults';
import { RECORD_FLOWS, type RecordFlowSpec } from './flows';
import { planJourney } from './journey';
import { Random } from './random';
import { planReplay, REPLAY_ID_ATTRIBUTE, restartStep } from './replay';

const NOW = new Date('2026-11-22T10:00:00Z');
const spec = (id: string) => RECORD_FLOWS.find((f) => f.id === id) as RecordFlowSpec;
const outage = (flow: string, seed = 1) => injectFault(spec(flow), planJourney(spec(flow), 'KEY-1', NOW, new Random(seed)), 'erp_outage', new Random(seed + 7));

describe(planReplay.name, () => {
  it('after a dead letter: the deliverer replays, then the record is posted in the target, every step naming the request', () => {
    for (const flow of ['coupa-to-oracle-invoices', 'salesforce-to-netsuite-orders', 'mes-to-sap-production']) {
      const s = spec(flow);
      const broken = outage(flow);
      const hops = planReplay(s, broken, 'req-1', true, new Random(3));
      expect(hops.map((h) => h.stage)).toEqual(['replayed', 'posted']);
      expect(hops[0]).toMatchObject({ system: s.deliverer, status: 'ok', error: null });
      expect(hops[1]).toMatchObject({ system: s.targetSystem, status: 'ok', error: null, mappingVersion: s.mappingVersion });
      const original = broken.hops[0]!;
      for (const h of hops) {
        expect(h.attributes[REPLAY_ID_ATTRIBUTE]).toBe('req-1');
        expect(h.attributes['delivery.attempt']).toBeUndefined();
        expect(h).toMatchObject({
          recordKey: 'KEY-1',
          flow,
          amount: original.amount,
          currency: original.currency,
          entity: original.entity,
          period: original.period,
        });
        expect(broken.hops.map((b) => b.eventId)).not.toContain(h.eventId);
      }
      expect(hops[1]!.offsetMs).toBeGreaterThan(hops[0]!.offsetMs);
    }
  });

  it('failing again: the same error as before, after the replay step', () => {
    const broken = outage('coupa-to-oracle-invoices');
    const first = broken.hops.find((h) => h.status === 'error')!;
    const hops = planReplay(spec('coupa-to-oracle-invoices'), broken, 'req-2', false, new Random(3));
    expect(hops.map((h) => [h.stage, h.status])).toEqual([
      ['replayed', 'ok'],
      ['failed', 'error'],
    ]);
    expect(hops[1]!.error).toEqual(first.error);
    expect(hops[1]!.attributes[REPLAY_ID_ATTRIBUTE]).toBe('req-2');
    expect(hops[1]!.resendOf).toBeNull();
  });

  it('is the same for the same random draws, and refuses a record that did not fail', () => {
    const s = spec('coupa-to-oracle-invoices');
    const broken = outage('coupa-to-oracle-invoices');
    expect(planReplay(s, broken, 'r', true, new Random('x'))).toEqual(planReplay(s, broken, 'r', true, new Random('x')));
    const happy = planJourney(s, 'KEY-2', NOW, new Random(1));
    expect(() => planReplay(s, happy, 'r', true, new Random(1))).toThrow(/did not fail/);
  });
});

describe(restartStep.name, () => {
  it('restarts a failed or dead-lettered delivery at the posting, any other failure at its own step', () => {
    const s = spec('coupa-to-oracle-invoices');
    const posted = s.path.findIndex((t) => t.stage === 'posted');
    const transformed = s.path.findIndex((t) => t.stage === 'transformed');
    const hop = planJourney(s, 'K', NOW, new Random(1)).hops[0]!;
    expect(restartStep(s, { ...hop, stage: 'failed' })).toBe(posted);
    expect(restartStep(s, { ...hop, stage: 'dead_lettered' })).toBe(posted);
    expect(restartStep(s, { ...hop, stage: 'transformed' })).toBe(transformed);
  });
});
