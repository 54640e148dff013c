// The reconciliation both reconciliation benchmarks run (recon.mjs through the API,
// recon-engine.mjs on the engine alone): invoices against AP postings, keyed by invoice number
// and entity; amount (abs 0.01), currency, date (3 days) and status compared; totals by
// currency and entity.
export const INVOICE_RECON = {
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [
    { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
    { source: 'currency', target: 'cur' },
    { source: 'inv_date', target: 'gl_date', tolerance: { days: 3 } },
    { source: 'status', target: 'state' },
  ],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }, 'entity'] },
};
