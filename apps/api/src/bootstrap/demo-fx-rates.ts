import { type FxRatesDocumentDto } from '@closewatch/contracts/close';

/**
 * Approximate late-2026 mid rates, 1 USD = rate quote, for every currency the demo's data holds:
 * the entities' own (EUR, GBP, MXN) and the foreign ones the simulator's records and the demo
 * reconciliation's postings carry (CAD, CHF; apps/simulator/src/journey.ts, recon/demo/demo-data.ts).
 */
const CENTRE: Readonly<Record<string, number>> = { EUR: 0.9215, GBP: 0.7902, MXN: 18.164, CAD: 1.3815, CHF: 0.8843 };

/**
 * Demo month-end USD rates for the `months` months before `now` (UTC), each a few tenths of a
 * percent from the centre, deterministic so a restart writes the same numbers.
 */
export function demoFxRates(now: Date, months = 13): FxRatesDocumentDto[] {
  const docs: FxRatesDocumentDto[] = [];
  for (let i = 1; i <= months; i++) {
    // Day 0 of a month is the last day of the month before.
    const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i + 1, 0));
    const drift = Math.sin(monthEnd.getUTCFullYear() * 12 + monthEnd.getUTCMonth()) * 0.012;
    const rates = Object.fromEntries(Object.entries(CENTRE).map(([quote, centre]) => [quote, (centre * (1 + drift)).toFixed(4)]));
    docs.push({ date: monthEnd.toISOString().slice(0, 10), base: 'USD', rates });
  }
  return docs;
}
