import { dismissalNeedsApproval, materialityPosition, maxSeverity, money, type FlowImpact, severityOf, whyApprovalNeeded } from './severity';

const now = new Date('2026-11-20T12:00:00.000Z');
const flow = (over: Partial<FlowImpact> = {}): FlowImpact => ({
  materiality: { amount: '10000.0000', currency: 'USD' },
  impacts: [],
  boardMetrics: [],
  ...over,
});
const sev = (amount: string | null, f: FlowImpact | null = flow(), extra: Partial<Parameters<typeof severityOf>[0]> = {}) =>
  severityOf({ type: 'delivery_failure', amount, currency: amount === null ? null : 'USD', flow: f, now, ...extra });

describe(severityOf.name, () => {
  it('grades the amount at risk against the flow materiality', () => {
    expect(sev('999.99').severity).toBe('low');
    expect(sev('1000').severity).toBe('medium');
    expect(sev('9999.99').severity).toBe('medium');
    expect(sev('10000').severity).toBe('high');
    expect(sev('49999.99').severity).toBe('high');
    expect(sev('50000').severity).toBe('critical');
  });

  it('compares exactly, without binary floating point', () => {
    const f = flow({ materiality: { amount: '0.3', currency: 'USD' } });
    expect(sev('0.30', f).severity).toBe('high');
    expect(sev('0.29999999999', f).severity).toBe('medium');
  });

  it('raises a material amount on a flow feeding cash or a board metric', () => {
    expect(sev('10000', flow({ impacts: ['cash'] })).severity).toBe('critical');
    const r = sev('10000', flow({ impacts: ['board_metric'], boardMetrics: ['ARR'] }));
    expect(r.severity).toBe('critical');
    expect(r.reasons.join(' ')).toMatch(/ARR/);
    expect(sev('9999', flow({ impacts: ['cash'] })).severity).toBe('medium');
  });

  it('raises one level when the close deadline is near or passed, for close-impacting flows only', () => {
    const soon = new Date(now.getTime() + 48 * 3_600_000);
    const later = new Date(now.getTime() + 96 * 3_600_000);
    const passed = new Date(now.getTime() - 3_600_000);
    expect(sev('1000', flow({ impacts: ['close'] }), { closeDeadline: soon }).severity).toBe('high');
    expect(sev('1000', flow({ impacts: ['close'] }), { closeDeadline: passed }).reasons.join(' ')).toMatch(/passed/);
    expect(sev('1000', flow({ impacts: ['close'] }), { closeDeadline: later }).severity).toBe('medium');
    expect(sev('1000', flow({ impacts: ['cash'] }), { closeDeadline: soon }).severity).toBe('medium');
    expect(sev('1000', flow({ impacts: ['close'] })).severity).toBe('medium');
  });

  it('never goes above critical', () => {
    expect(sev('50000', flow({ impacts: ['close', 'cash'] }), { closeDeadline: now }).severity).toBe('critical');
  });

  it('grades findings without a comparable amount by type and impact', () => {
    expect(sev(null).severity).toBe('medium');
    expect(severityOf({ type: 'run_failed', amount: null, currency: null, flow: flow({ impacts: ['close'] }), now }).severity).toBe('high');
    expect(severityOf({ type: 'missed_run', amount: null, currency: null, flow: flow(), now }).severity).toBe('medium');
    expect(severityOf({ type: 'unregistered_flow', amount: null, currency: null, flow: null, now }).severity).toBe('low');
    expect(severityOf({ type: 'delivery_failure', amount: '1000000', currency: 'USD', flow: null, now }).severity).toBe('low');
    const eur = severityOf({ type: 'delivery_failure', amount: '50000', currency: 'EUR', flow: flow(), now });
    expect(eur.severity).toBe('medium');
    expect(eur.reasons.join(' ')).toMatch(/another currency/);
  });
});

describe(materialityPosition.name, () => {
  it('places an amount against the materiality', () => {
    const m = { amount: '100', currency: 'USD' };
    expect(materialityPosition('100', 'USD', m)).toBe('at_or_above');
    expect(materialityPosition('99.99', 'USD', m)).toBe('below');
    expect(materialityPosition('100', 'EUR', m)).toBe('not_comparable');
    expect(materialityPosition(null, null, m)).toBe('no_amount');
    expect(materialityPosition('100', 'USD', null)).toBe('no_materiality');
  });
});

describe(dismissalNeedsApproval.name, () => {
  const m = { amount: '100', currency: 'USD' };
  it('needs a second person at or above materiality, or when the currency cannot be compared', () => {
    expect(dismissalNeedsApproval('100.00', 'USD', m)).toBe(true);
    expect(dismissalNeedsApproval('5', 'EUR', m)).toBe(true);
    expect(dismissalNeedsApproval('99.99', 'USD', m)).toBe(false);
    expect(dismissalNeedsApproval(null, null, m)).toBe(false);
    expect(dismissalNeedsApproval('1000000', 'USD', null)).toBe(false);
  });
});

describe(whyApprovalNeeded.name, () => {
  const m = { amount: '1000', currency: 'USD' };
  it('says why a second person is needed, or null when one person may act', () => {
    expect(whyApprovalNeeded('1200.5', 'USD', m)).toBe('USD 1,200.50 is at or above its materiality of USD 1,000.00');
    expect(whyApprovalNeeded('5', 'EUR', m)).toBe('EUR 5.00 cannot be compared with its materiality of USD 1,000.00');
    expect(whyApprovalNeeded('999.99', 'USD', m)).toBeNull();
    expect(whyApprovalNeeded('5', 'USD', null)).toBeNull();
  });
});

describe(maxSeverity.name, () => {
  it('answers the more severe', () => {
    expect(maxSeverity('low', 'high')).toBe('high');
    expect(maxSeverity('critical', 'medium')).toBe('critical');
  });
});

describe('material', () => {
  it('is an amount at or above the materiality, and nothing without an amount or a materiality', () => {
    expect(sev('10000').material).toBe(true);
    expect(sev('-10000').material).toBe(true);
    expect(sev('9999.99').material).toBe(false);
    expect(sev(null).material).toBe(false);
    expect(sev('10000', flow({ materiality: null })).material).toBe(false);
  });
});

describe('severity of an amount in another currency', () => {
  const rate = (base: string, quote: string, r: string, date = '2026-11-30') => ({ date, base, quote, rate: r });
  const eur = (amount: string, conversion: Parameters<typeof severityOf>[0]['conversion']) =>
    severityOf({ type: 'delivery_failure', amount, currency: 'EUR', flow: flow(), conversion, now });

  it('ranks the converted amount and names the rate used', () => {
    const r = eur('10000', { ok: true, amount: '10842', from: 'EUR', to: 'USD', asOf: '2026-11-30', method: 'direct', rates: [rate('EUR', 'USD', '1.0842')] });
    expect(r.severity).toBe('high');
    expect(r.reasons[0]).toBe('10,000.00 EUR = 10,842.00 USD at 1.0842 (EUR→USD, rate of 2026-11-30)');
    expect(r.reasons[1]).toBe("amount at risk is at or above the flow's materiality (10,000.00 USD)");
    expect(r.material).toBe(true);
  });

  it('names an inverted and a crossed rate', () => {
    const inv = eur('1250', {
      ok: true,
      amount: '1355.25',
      from: 'EUR',
      to: 'USD',
      asOf: '2026-11-30',
      method: 'inverse',
      rates: [rate('USD', 'EUR', '0.9223')],
    });
    expect(inv.severity).toBe('medium');
    expect(inv.reasons[0]).toBe('1,250.00 EUR = 1,355.25 USD at 1/0.9223 (USD→EUR, rate of 2026-11-30)');
    const cross = eur('1250', {
      ok: true,
      amount: '1355.25',
      from: 'EUR',
      to: 'USD',
      asOf: '2026-11-30',
      method: 'cross',
      rates: [rate('GBP', 'EUR', '1.15'), rate('GBP', 'USD', '1.27', '2026-11-27')],
    });
    expect(cross.reasons[0]).toBe('1,250.00 EUR = 1,355.25 USD through GBP (GBP→EUR 1.15, rate of 2026-11-30; GBP→USD 1.27, rate of 2026-11-27)');
  });

  it('says a missing rate and does not compare the amount (never a zero)', () => {
    const r = eur('99999999', { ok: false, reason: 'missing_rate', amount: '99999999', from: 'EUR', to: 'USD', asOf: '2026-11-30', message: 'no rate' });
    expect(r.severity).toBe('medium');
    expect(r.reasons).toEqual(['no EUR→USD rate on or before 2026-11-30: amount not compared']);
    // Not shown to be material, so it does not block a close (it still counts as open, at risk).
    expect(r.material).toBe(false);
  });

  it('ignores a conversion of other currencies than the amount and the materiality', () => {
    const r = eur('10000', { ok: true, amount: '1', from: 'GBP', to: 'USD', asOf: '2026-11-30', method: 'direct', rates: [rate('GBP', 'USD', '1.27')] });
    expect(r.reasons).toEqual(["the amount is in another currency than the flow's materiality"]);
  });

  it('formats money with thousands separators and two decimals', () => {
    expect(money('1234567.005')).toBe('1,234,567.00');
    expect(money('-12')).toBe('-12.00');
    expect(money('999.999')).toBe('1,000.00');
  });
});
