/** Vocabulary of the finance telemetry contract (docs/semantic-conventions.md). */
export const STAGES = ['emitted', 'received', 'transformed', 'validated', 'posted', 'published', 'failed', 'dead_lettered', 'replayed'] as const;
export type Stage = (typeof STAGES)[number];

export const DATA_STATUSES = ['preliminary', 'posted', 'adjusted', 'approved'] as const;
export type DataStatus = (typeof DATA_STATUSES)[number];

export const ERROR_CLASSES = ['transient', 'mapping', 'policy', 'data_quality', 'target_rejected'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** Span attribute names; resource or span level, span level wins. */
export const FINANCE_ATTR = {
  flow: 'finance.flow',
  recordKey: 'finance.record.key',
  recordType: 'finance.record.type',
  stage: 'finance.stage',
  system: 'finance.system',
  amount: 'finance.amount',
  currency: 'finance.currency',
  entity: 'finance.entity',
  period: 'finance.period',
  dataStatus: 'finance.data.status',
  mappingVersion: 'finance.mapping.version',
  batchId: 'finance.batch.id',
  errorClass: 'finance.error.class',
} as const;

/** Exact decimal amount as text: optional sign, digits, optional fraction. */
export const DECIMAL_PATTERN = /^-?\d{1,18}(\.\d{1,10})?$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
