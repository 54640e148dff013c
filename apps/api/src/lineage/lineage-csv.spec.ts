import { type HopDto } from '@closewatch/contracts/telemetry';
import { exportFileName, LINEAGE_CSV_HEADER, lineageCsv } from './lineage-csv';

const hop: HopDto = {
  flow: 'coupa-to-netsuite',
  recordKey: 'INV-1',
  recordType: 'invoice',
  stage: 'failed',
  system: 'netsuite',
  status: 'error',
  occurredAt: '2026-11-02T10:00:00.000Z',
  amount: '1234567890123.4567',
  currency: 'USD',
  entity: 'US01',
  period: '2026-11',
  dataStatus: 'posted',
  mappingVersion: 'v7',
  batchId: null,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  error: { class: 'target_rejected', code: 'DUP_DOC', message: 'Document "INV-1" exists, period closed' },
  source: 'otlp',
  registered: false,
  ingestKeyId: '5f0c3c2e-8a4b-4f7e-9a61-0d2b7c1e9f10',
};

describe(lineageCsv.name, () => {
  it('writes the header and one row per hop with the error flattened and quoted', () => {
    const csv = lineageCsv({ recordKey: 'INV-1', hops: [hop], amountDrift: [], traceIds: [hop.traceId!] });
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(LINEAGE_CSV_HEADER.join(','));
    expect(header?.split(',')).toContain('errorMessage');
    expect(row).toBe(
      '2026-11-02T10:00:00.000Z,coupa-to-netsuite,false,INV-1,invoice,failed,netsuite,error,1234567890123.4567,USD,US01,2026-11,posted,v7,,' +
        '0af7651916cd43dd8448eb211c80319c,b7ad6b7169203331,target_rejected,DUP_DOC,"Document ""INV-1"" exists, period closed",otlp,' +
        '5f0c3c2e-8a4b-4f7e-9a61-0d2b7c1e9f10',
    );
    expect(end).toBe('');
  });

  it('writes only the header for a record without hops', () => {
    expect(lineageCsv({ recordKey: 'X', hops: [], amountDrift: [], traceIds: [] })).toBe(`${LINEAGE_CSV_HEADER.join(',')}\r\n`);
  });
});

describe(exportFileName.name, () => {
  it('keeps safe characters and replaces the rest', () => {
    expect(exportFileName('INV-10023', 'csv')).toBe('lineage-INV-10023.csv');
    expect(exportFileName('a/b "c"\r\n', 'json')).toBe('lineage-a_b_c_.json');
    expect(exportFileName('€€', 'csv')).toBe('lineage-_.csv');
  });
});
