import { type RecordFaultKind, type Scenario, type Transport } from './model';
import { type HopTemplate, pathOf, type Step } from './path';

/**
 * The integrations the demo companies run. Flow and system ids are the ones in
 * apps/simulator/demo-catalog.yaml (a unit test keeps the two in sync).
 */

/** Functional currency of each demo legal entity. */
export const ENTITY_CURRENCY: Readonly<Record<string, string>> = { US01: 'USD', UK01: 'GBP', DE01: 'EUR', MX01: 'MXN' };

export interface RecordFlowSpec {
  kind: 'record';
  id: string;
  scenario: Scenario;
  transport: Transport;
  recordType: string;
  /** Share of the scenario's records. */
  weight: number;
  /** Business key of the n-th record, e.g. INV-10023. */
  keyPrefix: string;
  keyDigits: number;
  /** Amount range in major units; null for records without an amount (master data). */
  amount: { min: number; max: number } | null;
  entities: readonly string[];
  mappingVersion: string;
  /** The system that delivers into the target (retries and dead letters happen there). */
  deliverer: string;
  targetSystem: string;
  targetName: string;
  faults: readonly RecordFaultKind[];
  path: readonly HopTemplate[];
  /** Cost centres the mapping knows; the unmapped-cost-centre fault uses one it does not. */
  costCentres: readonly string[];
}

export interface BatchFlowSpec {
  kind: 'batch';
  id: string;
  scenario: Scenario;
  transport: Transport;
  /** Expected schedule, UTC (the catalog's slo.scheduleCron) and grace (slo.graceSeconds). */
  cron: string;
  graceSeconds: number;
  entities: readonly string[];
  runPrefix: string;
  recordKeyPrefix: string;
  sourceSystem: string;
  sourceStep: string;
  targetSystem: string;
  targetStep: string;
  targetStage: 'posted' | 'published';
  mappingVersion: string;
  rows: { min: number; max: number };
  durationSeconds: { min: number; max: number };
  amount: { min: number; max: number };
}

export type FlowSpec = RecordFlowSpec | BatchFlowSpec;

/** A record flow as the table below writes it: deliverer and target are the systems of its last two steps. */
type RecordFlowRow = Omit<RecordFlowSpec, 'kind' | 'deliverer' | 'targetSystem' | 'path'> & { steps: readonly Step[] };

function recordFlow({ steps, ...row }: RecordFlowRow): RecordFlowSpec {
  const path = pathOf(steps);
  const [deliverer, target] = path.slice(-2).map((h) => h.system);
  return { kind: 'record', ...row, deliverer: deliverer!, targetSystem: target!, path };
}

const EVERY_FAULT: readonly RecordFaultKind[] = ['unmapped_cost_centre', 'duplicate_event', 'erp_outage', 'amount_changed'];

export const FLOW_SPECS: readonly FlowSpec[] = [
  // --- SaaS company ---------------------------------------------------------------------
  recordFlow({
    id: 'salesforce-to-netsuite-orders',
    scenario: 'saas',
    transport: 'otlp',
    entities: ['US01', 'UK01', 'DE01'],
    recordType: 'order',
    weight: 6,
    keyPrefix: 'SO-',
    keyDigits: 7,
    amount: { min: 1200, max: 180_000 },
    mappingVersion: 'v12',
    targetName: 'NetSuite',
    faults: EVERY_FAULT,
    costCentres: ['CC-4100', 'CC-4120', 'CC-4200', 'CC-4310'],
    steps: [
      ['emitted', 'salesforce', 'Order activated', 'approved'],
      ['received', 'workato', 'recipe trigger: new Salesforce order', null],
      ['transformed', 'workato', 'map order to NetSuite sales order', null],
      [
        'posted',
        'netsuite',
        'salesOrder.create',
        'posted',
        { durationMs: [80, 600], post: 'https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder' },
      ],
    ],
  }),
  recordFlow({
    id: 'stripe-to-snowflake-subscriptions',
    scenario: 'saas',
    transport: 'events',
    entities: ['US01', 'UK01', 'DE01'],
    recordType: 'subscription',
    weight: 4,
    keyPrefix: 'sub_1',
    keyDigits: 9,
    amount: { min: 29, max: 25_000 },
    mappingVersion: 'fct_subscriptions@2.4',
    targetName: 'Snowflake',
    faults: ['duplicate_event', 'amount_changed'],
    costCentres: [],
    steps: [
      ['emitted', 'stripe', 'invoice.paid', 'posted'],
      ['received', 'snowflake', 'Snowpipe load raw_stripe.events', null, { afterMs: [400, 2500] }],
      ['transformed', 'snowflake', 'dbt run fct_subscriptions', null, { durationMs: [200, 900] }],
      ['published', 'snowflake', 'publish analytics.fct_subscriptions', 'posted'],
    ],
  }),
  {
    kind: 'batch',
    id: 'netsuite-to-anaplan-actuals',
    scenario: 'saas',
    transport: 'events',
    entities: ['US01', 'UK01', 'DE01'],
    cron: '0 2 * * *',
    graceSeconds: 3600,
    runPrefix: 'NS-ANAPLAN',
    recordKeyPrefix: 'ACT-NS',
    mappingVersion: 'v5',
    sourceSystem: 'netsuite',
    sourceStep: 'saved search export: GL actuals',
    targetSystem: 'anaplan',
    targetStep: 'import actuals into FP&A model',
    targetStage: 'posted',
    rows: { min: 800, max: 6000 },
    durationSeconds: { min: 120, max: 600 },
    amount: { min: 250_000, max: 9_000_000 },
  },
  // --- Manufacturer ---------------------------------------------------------------------
  recordFlow({
    id: 'mes-to-sap-production',
    scenario: 'manufacturer',
    transport: 'otlp',
    entities: ['DE01', 'US01', 'MX01'],
    recordType: 'production_order',
    weight: 1,
    keyPrefix: 'MO-',
    keyDigits: 7,
    amount: { min: 500, max: 90_000 },
    mappingVersion: 'v7',
    targetName: 'SAP S/4HANA',
    faults: EVERY_FAULT,
    costCentres: ['CC-PRESS-01', 'CC-PAINT-02', 'CC-ASSY-03', 'CC-QA-04'],
    steps: [
      ['emitted', 'mes', 'production order confirmed', 'preliminary'],
      ['received', 'boomi', 'listen: MES confirmations', null],
      ['transformed', 'boomi', 'map confirmation to goods movement', null],
      [
        'posted',
        'sap',
        'goods movement posted (MIGO 101)',
        'posted',
        { durationMs: [80, 700], post: 'https://s4.example.internal/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader' },
      ],
    ],
  }),
  {
    kind: 'batch',
    id: 'sap-to-powerbi-costed-actuals',
    scenario: 'manufacturer',
    transport: 'events',
    entities: ['DE01', 'US01', 'MX01'],
    cron: '15 * * * *',
    graceSeconds: 1200,
    runPrefix: 'SAP-PBI',
    recordKeyPrefix: 'ACT-SAP',
    mappingVersion: 'v3',
    sourceSystem: 'sap',
    sourceStep: 'extract costed actuals (ACDOCA)',
    targetSystem: 'powerbi',
    targetStep: 'dataset refresh: Costed actuals',
    targetStage: 'published',
    rows: { min: 200, max: 3000 },
    durationSeconds: { min: 30, max: 240 },
    amount: { min: 80_000, max: 4_000_000 },
  },
  // --- Source to pay --------------------------------------------------------------------
  recordFlow({
    id: 'coupa-to-oracle-invoices',
    scenario: 'source_to_pay',
    transport: 'otlp',
    entities: ['US01', 'DE01', 'UK01'],
    recordType: 'invoice',
    weight: 5,
    keyPrefix: 'INV-',
    keyDigits: 5,
    amount: { min: 85, max: 250_000 },
    mappingVersion: 'v21',
    targetName: 'Oracle Fusion',
    faults: EVERY_FAULT,
    costCentres: ['CC-1100', 'CC-2300', 'CC-5100', 'CC-6200', 'CC-7400'],
    steps: [
      ['emitted', 'coupa', 'invoice approved', 'approved'],
      ['received', 'ap-automation', 'ingest invoice', null],
      ['transformed', 'ap-automation', 'GL coding', null],
      ['validated', 'ap-automation', '3-way match', 'approved'],
      [
        'posted',
        'oracle-fusion',
        'payables invoice created',
        'posted',
        { durationMs: [80, 800], post: 'https://fa-example.oraclecloud.com/fscmRestApi/resources/11.13.18.05/invoices' },
      ],
    ],
  }),
  recordFlow({
    id: 'coupa-to-oracle-purchase-orders',
    scenario: 'source_to_pay',
    transport: 'otlp',
    entities: ['US01', 'DE01', 'UK01'],
    recordType: 'po',
    weight: 3,
    keyPrefix: 'PO-',
    keyDigits: 6,
    amount: { min: 250, max: 400_000 },
    mappingVersion: 'v9',
    targetName: 'Oracle Fusion',
    faults: EVERY_FAULT,
    costCentres: ['CC-1100', 'CC-2300', 'CC-5100', 'CC-6200', 'CC-7400'],
    steps: [
      ['emitted', 'coupa', 'purchase order issued', 'approved'],
      ['received', 'mulesoft', 'coupa-po-api: receive', null],
      ['transformed', 'mulesoft', 'DataWeave: PO to Fusion', null],
      [
        'posted',
        'oracle-fusion',
        'purchase order created',
        'posted',
        { durationMs: [80, 800], post: 'https://fa-example.oraclecloud.com/fscmRestApi/resources/11.13.18.05/purchaseOrders' },
      ],
    ],
  }),
  recordFlow({
    id: 'oracle-to-coupa-suppliers',
    scenario: 'source_to_pay',
    transport: 'events',
    entities: ['US01', 'DE01', 'UK01'],
    recordType: 'supplier',
    weight: 1,
    keyPrefix: 'SUP-',
    keyDigits: 5,
    amount: null,
    mappingVersion: 'v4',
    targetName: 'Coupa',
    faults: ['duplicate_event'],
    costCentres: [],
    steps: [
      ['emitted', 'oracle-fusion', 'supplier updated', 'approved'],
      ['received', 'mulesoft', 'supplier-sync: receive', null],
      ['transformed', 'mulesoft', 'DataWeave: supplier to Coupa', null],
      ['posted', 'coupa', 'supplier upserted', 'approved'],
    ],
  }),
  {
    kind: 'batch',
    id: 'oracle-to-powerbi-ap-actuals',
    scenario: 'source_to_pay',
    transport: 'otlp',
    entities: ['US01', 'DE01', 'UK01'],
    cron: '45 * * * *',
    graceSeconds: 1200,
    runPrefix: 'ORA-PBI',
    recordKeyPrefix: 'ACT-ORA',
    mappingVersion: 'v2',
    sourceSystem: 'oracle-fusion',
    sourceStep: 'BI Publisher extract: AP actuals',
    targetSystem: 'powerbi',
    targetStep: 'dataset refresh: AP actuals',
    targetStage: 'published',
    rows: { min: 100, max: 2500 },
    durationSeconds: { min: 30, max: 180 },
    amount: { min: 40_000, max: 3_000_000 },
  },
];

export const RECORD_FLOWS = FLOW_SPECS.filter((f): f is RecordFlowSpec => f.kind === 'record');
export const BATCH_FLOWS = FLOW_SPECS.filter((f): f is BatchFlowSpec => f.kind === 'batch');

/** Every system the simulated steps happen in. */
export function systemsOf(spec: FlowSpec): string[] {
  return spec.kind === 'record' ? [...new Set([...spec.path.map((h) => h.system), spec.deliverer])] : [spec.sourceSystem, spec.targetSystem];
}
