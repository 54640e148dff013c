import { splitCopyLine } from '../database/streaming/copy-text';
import { type HopRow } from './hop-row';
import { hopCopyText } from './hop-stage';

const hop: HopRow = {
  source: 'event',
  sourceId: 'e-1',
  flowId: 'coupa-to-oracle-invoices',
  recordKey: 'INV\t1\\2',
  recordType: null,
  system: 'coupa',
  stage: 'failed',
  status: 'error',
  occurredAt: new Date('2026-11-30T23:59:59.123Z'),
  amount: '1250.10',
  currency: 'EUR',
  entity: 'E10',
  period: '2026-11',
  dataStatus: null,
  mappingVersion: null,
  batchId: null,
  traceId: null,
  spanId: null,
  errorClass: 'target_rejected',
  errorCode: null,
  errorMessage: 'line one\nline two\r\n\\N is not null',
  attributes: { note: 'tab\there', path: 'C:\\tmp' },
};

describe('hopCopyText', () => {
  it('writes one COPY line per hop that reads back as the values sent, escapes and nulls included', () => {
    const text = hopCopyText([hop, { ...hop, sourceId: 'e-2' }]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const fields: (string | null)[] = [];
    const n = splitCopyLine(lines[0]!, fields);
    expect(n).toBe(34);
    expect(fields.slice(0, 10)).toEqual([
      '0',
      'event',
      'e-1',
      'coupa-to-oracle-invoices',
      'INV\t1\\2',
      null,
      'coupa',
      'failed',
      'error',
      '2026-11-30T23:59:59.123Z',
    ]);
    expect(fields[21]).toBe('line one\nline two\r\n\\N is not null');
    expect(JSON.parse(fields[22]!)).toEqual(hop.attributes);
    // No span context on a hop from an event.
    expect(fields.slice(23)).toEqual(Array(11).fill(null));
    splitCopyLine(lines[1]!, fields);
    expect(fields.slice(0, 3)).toEqual(['1', 'event', 'e-2']);
  });
});
