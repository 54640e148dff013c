import { type ReconDefinitionBody, type ReconDto } from '@closewatch/contracts/recon';

/** A starting point for a new definition (the example of docs/reconciliation.md). */
export const NEW_RECON_TEMPLATE: ReconDefinitionBody = {
  id: 'coupa-oracle-invoices',
  name: 'AP invoices: Coupa vs Oracle',
  flow: 'coupa-to-oracle-invoices',
  source: { connector: 'postgres', connection: 'coupa', query: 'select inv_no, entity, amount, currency, inv_date from invoices where period = :period' },
  target: { connector: 'postgres', connection: 'erp', query: 'select doc_ref, bu as entity, amt, cur, gl_date from ap_postings where period = :period' },
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [
    { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
    { source: 'currency', target: 'cur' },
    { source: 'inv_date', target: 'gl_date', tolerance: { days: 3 } },
  ],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }, 'entity'] },
  scope: { period: 'current' },
  schedule: { cron: '0 2 * * *', timezone: 'UTC' },
  materiality: { amount: '1000.00', currency: 'USD' },
};

const STORED_ONLY = ['version', 'createdAt', 'updatedAt', 'nextRunAt', 'lastRun', 'lastSucceededRun'] as const;

/** The editable body of a stored definition: what PUT takes, without what the server adds. */
export function editableBody(recon: ReconDto): Record<string, unknown> {
  const body: Record<string, unknown> = { ...recon };
  for (const k of STORED_ONLY) delete body[k];
  return body;
}

export type ParsedJson = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** The editor's text as a JSON object, or why it is not one. */
export function parseDefinition(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'The definition must be a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}
