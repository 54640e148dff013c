import { type DataStatus, type Stage } from '@closewatch/contracts/finance';
import { type RecordFaultKind, type Scenario, type Transport } from './model';

/**
 * The integrations the demo companies run. Flow and system ids are the ones in
 * apps/simulator/demo-catalog.yaml (a unit test keeps the two in sync).
 */

/** Functional currency of each demo legal entity. */
export const ENTITY_CURRENCY: Readonly<Record<string, string>> = { US01: 'USD', UK01: 'GBP', DE01: 'EUR', MX01: 'MXN' };

export interface HopTemplate {
  stage: Stage;
  system: string;
  name: string;
  /** Delay after the previous step, ms (min, max). */
  afterMs: readonly [number, number];
  /** Processing time of the step, ms (min, max). */
  durationMs: readonly [number, number];
  dataStatus: DataStatus | null;
  /** The step applies the flow's mapping (this and every later step carry its version). */
  mapped: boolean;
  /** The step is the delivery into the target: an HTTP call from the previous system. */
  call?: { method: string; url: string };
}

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

const quick = [150, 900] as const;
const work = [20, 250] as const;

export const FLOW_SPECS: readonly FlowSpec[] = [
  // --- SaaS company ---------------------------------------------------------------------
  {
    kind: 'record',
    id: 'salesforce-to-netsuite-orders',
    scenario: 'saas',
    transport: 'otlp',
    recordType: 'order',
    weight: 6,
    keyPrefix: 'SO-',
    keyDigits: 7,
    amount: { min: 1200, max: 180_000 },
    entities: ['US01', 'UK01', 'DE01'],
    mappingVersion: 'v12',
    deliverer: 'workato',
    targetSystem: 'netsuite',
    targetName: 'NetSuite',
    faults: ['unmapped_cost_centre', 'duplicate_event', 'erp_outage', 'amount_changed'],
    costCentres: ['CC-4100', 'CC-4120', 'CC-4200', 'CC-4310'],
    path: [
      { stage: 'emitted', system: 'salesforce', name: 'Order activated', afterMs: [0, 0], durationMs: work, dataStatus: 'approved', mapped: false },
      { stage: 'received', system: 'workato', name: 'recipe trigger: new Salesforce order', afterMs: quick, durationMs: work, dataStatus: null, mapped: false },
      { stage: 'transformed', system: 'workato', name: 'map order to NetSuite sales order', afterMs: quick, durationMs: work, dataStatus: null, mapped: true },
      {
        stage: 'posted',
        system: 'netsuite',
        name: 'salesOrder.create',
        afterMs: [300, 1800],
        durationMs: [80, 600],
        dataStatus: 'posted',
        mapped: true,
        call: { method: 'POST', url: 'https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder' },
      },
    ],
  },
  {
    kind: 'record',
    id: 'stripe-to-snowflake-subscriptions',
    scenario: 'saas',
    transport: 'events',
    recordType: 'subscription',
    weight: 4,
    keyPrefix: 'sub_1',
    keyDigits: 9,
    amount: { min: 29, max: 25_000 },
    entities: ['US01', 'UK01', 'DE01'],
    mappingVersion: 'fct_subscriptions@2.4',
    deliverer: 'snowflake',
    targetSystem: 'snowflake',
    targetName: 'Snowflake',
    faults: ['duplicate_event', 'amount_changed'],
    costCentres: [],
    path: [
      { stage: 'emitted', system: 'stripe', name: 'invoice.paid', afterMs: [0, 0], durationMs: work, dataStatus: 'posted', mapped: false },
      { stage: 'received', system: 'snowflake', name: 'Snowpipe load raw_stripe.events', afterMs: [400, 2500], durationMs: work, dataStatus: null, mapped: false },
      { stage: 'transformed', system: 'snowflake', name: 'dbt run fct_subscriptions', afterMs: quick, durationMs: [200, 900], dataStatus: null, mapped: true },
      { stage: 'published', system: 'snowflake', name: 'publish analytics.fct_subscriptions', afterMs: quick, durationMs: work, dataStatus: 'posted', mapped: true },
    ],
  },
  {
    kind: 'batch',
    id: 'netsuite-to-anaplan-actuals',
    scenario: 'saas',
    transport: 'events',
    cron: '0 2 * * *',
    graceSeconds: 3600,
    entities: ['US01', 'UK01', 'DE01'],
    runPrefix: 'NS-ANAPLAN',
    recordKeyPrefix: 'ACT-NS',
    sourceSystem: 'netsuite',
    sourceStep: 'saved search export: GL actuals',
    targetSystem: 'anaplan',
    targetStep: 'import actuals into FP&A model',
    targetStage: 'posted',
    mappingVersion: 'v5',
    rows: { min: 800, max: 6000 },
    durationSeconds: { min: 120, max: 600 },
    amount: { min: 250_000, max: 9_000_000 },
  },
  // --- Manufacturer ---------------------------------------------------------------------
  {
    kind: 'record',
    id: 'mes-to-sap-production',
    scenario: 'manufacturer',
    transport: 'otlp',
    recordType: 'production_order',
    weight: 1,
    keyPrefix: 'MO-',
    keyDigits: 7,
    amount: { min: 500, max: 90_000 },
    entities: ['DE01', 'US01', 'MX01'],
    mappingVersion: 'v7',
    deliverer: 'boomi',
    targetSystem: 'sap',
    targetName: 'SAP S/4HANA',
    faults: ['unmapped_cost_centre', 'duplicate_event', 'erp_outage', 'amount_changed'],
    costCentres: ['CC-PRESS-01', 'CC-PAINT-02', 'CC-ASSY-03', 'CC-QA-04'],
    path: [
      { stage: 'emitted', system: 'mes', name: 'production order confirmed', afterMs: [0, 0], durationMs: work, dataStatus: 'preliminary', mapped: false },
      { stage: 'received', system: 'boomi', name: 'listen: MES confirmations', afterMs: quick, durationMs: work, dataStatus: null, mapped: false },
      { stage: 'transformed', system: 'boomi', name: 'map confirmation to goods movement', afterMs: quick, durationMs: work, dataStatus: null, mapped: true },
      {
        stage: 'posted',
        system: 'sap',
        name: 'goods movement posted (MIGO 101)',
        afterMs: [300, 1800],
        durationMs: [80, 700],
        dataStatus: 'posted',
        mapped: true,
        call: { method: 'POST', url: 'https://s4.example.internal/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader' },
      },
    ],
  },
  {
    kind: 'batch',
    id: 'sap-to-powerbi-costed-actuals',
    scenario: 'manufacturer',
    transport: 'events',
    cron: '15 * * * *',
    graceSeconds: 1200,
    entities: ['DE01', 'US01', 'MX01'],
    runPrefix: 'SAP-PBI',
    recordKeyPrefix: 'ACT-SAP',
    sourceSystem: 'sap',
    sourceStep: 'extract costed actuals (ACDOCA)',
    targetSystem: 'powerbi',
    targetStep: 'dataset refresh: Costed actuals',
    targetStage: 'published',
    mappingVersion: 'v3',
    rows: { min: 200, max: 3000 },
    durationSeconds: { min: 30, max: 240 },
    amount: { min: 80_000, max: 4_000_000 },
  },
  // --- Source to pay --------------------------------------------------------------------
  {
    kind: 'record',
    id: 'coupa-to-oracle-invoices',
    scenario: 'source_to_pay',
    transport: 'otlp',
    recordType: 'invoice',
    weight: 5,
    keyPrefix: 'INV-',
    keyDigits: 5,
    amount: { min: 85, max: 250_000 },
    entities: ['US01', 'DE01', 'UK01'],
    mappingVersion: 'v21',
    deliverer: 'ap-automation',
    targetSystem: 'oracle-fusion',
    targetName: 'Oracle Fusion',
    faults: ['unmapped_cost_centre', 'duplicate_event', 'erp_outage', 'amount_changed'],
    costCentres: ['CC-1100', 'CC-2300', 'CC-5100', 'CC-6200', 'CC-7400'],
    path: [
      { stage: 'emitted', system: 'coupa', name: 'invoice approved', afterMs: [0, 0], durationMs: work, dataStatus: 'approved', mapped: false },
      { stage: 'received', system: 'ap-automation', name: 'ingest invoice', afterMs: quick, durationMs: work, dataStatus: null, mapped: false },
      { stage: 'transformed', system: 'ap-automation', name: 'GL coding', afterMs: quick, durationMs: work, dataStatus: null, mapped: true },
      { stage: 'validated', system: 'ap-automation', name: '3-way match', afterMs: quick, durationMs: work, dataStatus: 'approved', mapped: true },
      {
        stage: 'posted',
        system: 'oracle-fusion',
        name: 'payables invoice created',
        afterMs: [300, 1800],
        durationMs: [80, 800],
        dataStatus: 'posted',
        mapped: true,
        call: { method: 'POST', url: 'https://fa-example.oraclecloud.com/fscmRestApi/resources/11.13.18.05/invoices' },
      },
    ],
  },
  {
    kind: 'record',
    id: 'coupa-to-oracle-purchase-orders',
    scenario: 'source_to_pay',
    transport: 'otlp',
    recordType: 'po',
    weight: 3,
    keyPrefix: 'PO-',
    keyDigits: 6,
    amount: { min: 250, max: 400_000 },
    entities: ['US01', 'DE01', 'UK01'],
    mappingVersion: 'v9',
    deliverer: 'mulesoft',
    targetSystem: 'oracle-fusion',
    targetName: 'Oracle Fusion',
    faults: ['unmapped_cost_centre', 'duplicate_event', 'erp_outage', 'amount_changed'],
    costCentres: ['CC-1100', 'CC-2300', 'CC-5100', 'CC-6200', 'CC-7400'],
    path: [
      { stage: 'emitted', system: 'coupa', name: 'purchase order issued', afterMs: [0, 0], durationMs: work, dataStatus: 'approved', mapped: false },
      { stage: 'received', system: 'mulesoft', name: 'coupa-po-api: receive', afterMs: quick, durationMs: work, dataStatus: null, mapped: false },
      { stage: 'transformed', system: 'mulesoft', name: 'DataWeave: PO to Fusion', afterMs: quick, durationMs: work, dataStatus: null, mapped: true },
      {
        stage: 'posted',
        system: 'oracle-fusion',
        name: 'purchase order created',
        afterMs: [300, 1800],
        durationMs: [80, 800],
        dataStatus: 'posted',
        mapped: true,
        call: { method: 'POST', url: 'https://fa-example.oraclecloud.com/fscmRestApi/resources/11.13.18.05/purchaseOrders' },
      },
    ],
  },
  {
    kind: 'record',
    id: 'oracle-to-coupa-suppliers',
    scenario: 'source_to_pay',
    transport: 'events',
    recordType: 'supplier',
    weight: 1,
    keyPrefix: 'SUP-',
    keyDigits: 5,
    amount: null,
    entities: ['US01', 'DE01', 'UK01'],
    mappingVersion: 'v4',
    deliverer: 'mulesoft',
    targetSystem: 'coupa',
    targetName: 'Coupa',
    faults: ['duplicate_event'],
    costCentres: [],
    path: [
      { stage: 'emitted', system: 'oracle-fusion', name: 'supplier updated', afterMs: [0, 0], durationMs: work, dataStatus: 'approved', mapped: false },
      { stage: 'received', system: 'mulesoft', name: 'supplier-sync: receive', afterMs: quick, durationMs: work, dataStatus: null, mapped: false },
      { stage: 'transformed', system: 'mulesoft', name: 'DataWeave: supplier to Coupa', afterMs: quick, durationMs: work, dataStatus: null, mapped: true },
      { stage: 'posted', system: 'coupa', name: 'supplier upserted', afterMs: quick, durationMs: work, dataStatus: 'approved', mapped: true },
    ],
  },
  {
    kind: 'batch',
    id: 'oracle-to-powerbi-ap-actuals',
    scenario: 'source_to_pay',
    transport: 'otlp',
    cron: '45 * * * *',
    graceSeconds: 1200,
    entities: ['US01', 'DE01', 'UK01'],
    runPrefix: 'ORA-PBI',
    recordKeyPrefix: 'ACT-ORA',
    sourceSystem: 'oracle-fusion',
    sourceStep: 'BI Publisher extract: AP actuals',
    targetSystem: 'powerbi',
    targetStep: 'dataset refresh: AP actuals',
    targetStage: 'published',
    mappingVersion: 'v2',
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
