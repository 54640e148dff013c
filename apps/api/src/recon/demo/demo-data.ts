import Decimal from 'decimal.js';
import { type ReconDefinitionBody } from '@closewatch/contracts/recon';

/**
 * Demo reconciliation data (demo mode only): AP invoices approved in Coupa and their postings in
 * Oracle Fusion payables, for the catalog flow coupa-to-oracle-invoices, with breaks of every
 * type injected at fixed positions so a run always finds the same ones. Deterministic: the same
 * period gives the same rows.
 */
export const DEMO_FLOW = 'coupa-to-oracle-invoices';
export const DEMO_SOURCE_CONNECTION = 'demo-coupa';
export const DEMO_TARGET_CONNECTION = 'demo-erp';
export const DEMO_INVOICES_PER_PERIOD = 2400;

export interface DemoInvoice {
  inv_no: string;
  supplier: string;
  entity: string;
  period: string;
  inv_date: string;
  amount: string;
  currency: string;
  status: string;
}

export interface DemoPosting {
  doc_ref: string;
  bu: string;
  period: string;
  gl_date: string;
  amt: string;
  cur: string;
  supplier_name: string;
}

const ENTITIES = [
  { code: 'US01', currency: 'USD' },
  { code: 'DE01', currency: 'EUR' },
  { code: 'UK01', currency: 'GBP' },
];
const SUPPLIERS = [
  'Acme Industrial Supply',
  'Northwind Logistics',
  'Globex Components',
  'Initech Software',
  'Umbrella Facilities',
  'Stark Metals',
  'Wayne Office Products',
];

/** What was injected, by kind, for a period (the expected breaks of a run). */
export interface DemoExpectation {
  missing: number;
  unexpected: number;
  amount: number;
  field: number;
  duplicate: number;
}

/** A small deterministic generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function day(period: string, d: number): string {
  return `${period}-${String(d).padStart(2, '0')}`;
}

/**
 * The fate of invoice i: which break (if any) the target gets for it. Only US01's invoices
 * (every third, i % 3 === 0) break; DE01's and UK01's differ at most within the tolerances, so
 * the demo's close shows DE01 ready, UK01 at risk (manual journals below materiality, added
 * below) and US01 blocked by material breaks (docs/close.md, demo).
 */
export function fateOf(i: number): 'missing' | 'amount' | 'field' | 'duplicate' | 'rounding' | 'text' | 'ok' {
  if (i % 37 === 1) return 'rounding';
  if (i % 41 === 2) return 'text';
  if (i % 3 !== 0) return 'ok';
  if (i % 97 === 3) return 'missing';
  if (i % 101 === 5) return 'amount';
  if (i % 89 === 7) return 'field';
  if (i % 113 === 11) return 'duplicate';
  return 'ok';
}

export function demoData(period: string, count = DEMO_INVOICES_PER_PERIOD): { invoices: DemoInvoice[]; postings: DemoPosting[]; expected: DemoExpectation } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const rand = prng(year * 100 + month);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const base = (year % 100) * 100_000 + month * 5_000;
  const invoices: DemoInvoice[] = [];
  const postings: DemoPosting[] = [];
  const expected: DemoExpectation = { missing: 0, unexpected: 0, amount: 0, field: 0, duplicate: 0 };
  for (let i = 0; i < count; i++) {
    const e = ENTITIES[i % ENTITIES.length]!;
    const supplier = SUPPLIERS[Math.floor(rand() * SUPPLIERS.length)]!;
    const amount = new Decimal(Math.floor(85 + rand() * rand() * 60_000 * 100)).div(100).toFixed(2);
    const d = 1 + Math.floor(rand() * Math.min(daysInMonth, 27));
    const inv: DemoInvoice = {
      inv_no: `INV-D${String(base + i).padStart(7, '0')}`,
      supplier,
      entity: e.code,
      period,
      inv_date: day(period, d),
      amount,
      currency: e.currency,
      status: 'approved',
    };
    invoices.push(inv);
    const posting: DemoPosting = {
      doc_ref: inv.inv_no,
      bu: e.code,
      period,
      gl_date: `${day(period, Math.min(d + 1, daysInMonth))}T09:30:00Z`,
      amt: amount,
      cur: e.currency,
      supplier_name: supplier,
    };
    switch (fateOf(i)) {
      case 'missing':
        expected.missing++;
        continue;
      case 'amount':
        expected.amount++;
        posting.amt = new Decimal(amount).mul(i % 2 ? '1.1' : '0.5').toFixed(2);
        break;
      case 'field':
        expected.field++;
        posting.gl_date = `${day(period, Math.min(d + 6, daysInMonth))}T09:30:00Z`;
        if (Math.min(d + 6, daysInMonth) - d <= 3) posting.cur = e.currency === 'USD' ? 'CAD' : 'USD';
        break;
      case 'duplicate':
        expected.duplicate++;
        postings.push({ ...posting });
        break;
      case 'rounding':
        posting.amt = new Decimal(amount).plus('0.01').toFixed(2);
        break;
      case 'text':
        posting.supplier_name = `  ${supplier.toUpperCase()} `;
        break;
      case 'ok':
        break;
    }
    postings.push(posting);
    // A manual journal in the ERP with no invoice behind it, in UK01 (i % 3 === 2), below materiality.
    if (i % 120 === 62) {
      expected.unexpected++;
      postings.push({
        doc_ref: `INV-X${String(base + i).padStart(7, '0')}`,
        bu: e.code,
        period,
        gl_date: `${day(period, d)}T10:00:00Z`,
        amt: '1250.00',
        cur: e.currency,
        supplier_name: 'Manual journal',
      });
    }
  }
  return { invoices, postings, expected };
}

/** The demo reconciliations: the two demo databases, and what Closewatch itself saw of the flow. */
export function demoDefinitions(period: string, schema?: { source: string; target: string }): ReconDefinitionBody[] {
  const src = schema ? `${schema.source}.` : '';
  const tgt = schema ? `${schema.target}.` : '';
  return [
    {
      id: 'coupa-oracle-invoices',
      name: 'AP invoices: Coupa vs Oracle',
      flow: DEMO_FLOW,
      description: 'Approved Coupa invoices against Oracle Fusion payables postings (demo databases).',
      source: {
        connector: 'postgres',
        connection: DEMO_SOURCE_CONNECTION,
        query: `select inv_no, entity, supplier, amount, currency, inv_date from ${src}invoices where period = :period`,
      },
      target: {
        connector: 'postgres',
        connection: DEMO_TARGET_CONNECTION,
        query: `select doc_ref, bu as entity, supplier_name, amt, cur, gl_date from ${tgt}ap_postings where period = :period`,
      },
      key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
      compare: [
        { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
        { source: 'currency', target: 'cur' },
        { source: 'inv_date', target: 'gl_date', tolerance: { days: 3 } },
        { source: 'supplier', target: 'supplier_name', tolerance: { ignoreCase: true, ignoreWhitespace: true } },
      ],
      totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }, 'entity'] },
      scope: { period },
      schedule: { cron: '0 2 * * *', timezone: 'UTC' },
      materiality: { amount: '1000.00', currency: 'USD' },
    },
    {
      id: 'coupa-oracle-invoices-telemetry',
      name: 'AP invoices seen by Closewatch: emitted in Coupa vs posted in Oracle',
      flow: DEMO_FLOW,
      description:
        'Zero-configuration reconciliation from telemetry: every invoice emitted by Coupa should be posted once in Oracle Fusion with the same amount, currency and period.',
      source: { connector: 'telemetry', stage: 'emitted', system: 'coupa' },
      target: { connector: 'telemetry', stage: 'posted', system: 'oracle-fusion' },
      key: ['record_key'],
      // The period is compared too: a posting into another period is a break, and breaks carry the period for close readiness.
      compare: [{ field: 'amount', type: 'amount', tolerance: { abs: '0.01' } }, 'currency', 'period'],
      totals: { amount: 'amount', groupBy: ['currency', 'entity'] },
      schedule: { cron: '*/15 * * * *', timezone: 'UTC' },
      materiality: { amount: '10000.00', currency: 'USD' },
    },
  ];
}
