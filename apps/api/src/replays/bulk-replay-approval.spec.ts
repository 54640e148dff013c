import Decimal from 'decimal.js';
import { type ApprovalRule, bulkReplayApproval, sumByCurrency } from './bulk-replay-approval';

const item = (flow_id: string, amount_at_risk: string | null, currency: string | null = 'EUR') => ({ flow_id, amount_at_risk, currency });
/** Flow `a` has a materiality of EUR 1,000; other flows none. */
const rule: ApprovalRule = (flow, amount, currency) =>
  flow !== 'a' ? null : currency !== 'EUR' ? `${currency} not comparable` : new Decimal(amount).gte(1000) ? `EUR ${amount} at or above` : null;

describe('bulk replay approval', () => {
  it('sums amounts per currency exactly, as precisely as they are written, leaving out records without an amount', () => {
    expect(sumByCurrency([item('a', '0.10'), item('a', '0.20'), item('a', null), item('a', '5', 'USD')])).toEqual([
      { currency: 'EUR', amount: '0.30' },
      { currency: 'USD', amount: '5' },
    ]);
  });

  it("applies the rule to each flow's total per currency, not to each record alone", () => {
    expect(bulkReplayApproval([item('a', '400'), item('a', '500')], rule)).toMatchObject({ needsApproval: false, reasons: [] });
    const r = bulkReplayApproval([item('a', '400'), item('a', '600.00'), item('b', '9000')], rule);
    expect(r.needsApproval).toBe(true);
    expect(r.reasons).toEqual(['flow a: EUR 1000.00 at or above']);
    expect(r.amounts).toEqual([{ currency: 'EUR', amount: '10000.00' }]);
  });

  it('keeps the cents of whole amounts written with them', () => {
    expect(sumByCurrency([item('a', '1200.00'), item('a', '0.005')])).toEqual([{ currency: 'EUR', amount: '1200.005' }]);
    expect(sumByCurrency([item('a', '600.00'), item('a', '600.00')])).toEqual([{ currency: 'EUR', amount: '1200.00' }]);
  });

  it('names every flow and currency that needs approval', () => {
    expect(bulkReplayApproval([item('a', '10', 'USD'), item('a', '2000')], rule).reasons).toEqual([
      'flow a: EUR 2000 at or above',
      'flow a: USD not comparable',
    ]);
  });

  it('does not need approval without amounts', () => {
    expect(bulkReplayApproval([item('a', null), item('a', null)], rule)).toEqual({ amounts: [], needsApproval: false, reasons: [] });
  });
});
