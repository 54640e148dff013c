import { type ReconDefinition } from './definition';
import { ReconInputError } from './errors';
import { type Row } from './field-mapping';
import { reconcile, type ReconcileOptions } from './recon-engine';
import { type ReconBreak } from './result';

const invoices: ReconDefinition = {
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [
    { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
    { source: 'currency', target: 'cur' },
    { source: 'inv_date', target: 'gl_date', tolerance: { days: 3 } },
  ],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }, 'entity'] },
};

async function run(definition: ReconDefinition, source: Row[], target: Row[], extra: Partial<ReconcileOptions> = {}) {
  const breaks: ReconBreak[] = [];
  const summary = await reconcile({
    definition,
    source: { rows: source, sorted: true },
    target: { rows: target, sorted: true },
    onBreaks: (batch) => {
      breaks.push(...batch);
    },
    ...extra,
  });
  return { summary, breaks };
}

function src(inv_no: string, entity: string, amount: string | null, currency = 'USD', inv_date = '2026-11-03'): Row {
  return { inv_no, entity, amount, currency, inv_date };
}
function tgt(doc_ref: string, entity: string, amt: string | number | null, cur = 'USD', gl_date: string | Date = '2026-11-03'): Row {
  return { doc_ref, entity, amt, cur, gl_date };
}

describe(reconcile.name, () => {
  it('reports every break type with keys under source names and both values', async () => {
    const { summary, breaks } = await run(
      invoices,
      [
        src('INV-1', 'E1', '100.00'),
        src('INV-2', 'E1', '200.00'),
        src('INV-3', 'E1', '300.00'),
        src('INV-4', 'E1', '400.00'),
        src('INV-5', 'E1', '50.00'),
        src('INV-5', 'E1', '50.00'),
        src('INV-7', 'E1', '70.00'),
      ],
      [
        tgt('INV-1', 'E1', '100.00'),
        tgt('INV-3', 'E1', '300.50'),
        tgt('INV-4', 'E1', '400.00', 'EUR'),
        tgt('INV-5', 'E1', '50.00'),
        tgt('INV-6', 'E1', '60.00'),
        tgt('INV-7', 'E1', '70.00'),
        tgt('INV-7', 'E1', '70.00'),
        tgt('INV-7', 'E1', '70.00'),
      ],
    );
    expect(summary.matched).toBe(1);
    expect(summary.breaks).toEqual({ missing_in_target: 1, unexpected_in_target: 1, amount_mismatch: 1, field_mismatch: 1, duplicate_key: 2 });
    expect(summary.source.rows).toBe(7);
    expect(summary.target.rows).toBe(8);

    const byType = (type: string) => breaks.filter((b) => b.type === type);
    expect(byType('missing_in_target')).toEqual([
      {
        type: 'missing_in_target',
        key: { inv_no: 'INV-2', entity: 'E1' },
        source: { inv_no: 'INV-2', entity: 'E1', amount: '200.00', currency: 'USD', inv_date: '2026-11-03' },
        target: null,
        amountAtRisk: '200',
      },
    ]);
    expect(byType('unexpected_in_target')[0]).toMatchObject({
      key: { inv_no: 'INV-6', entity: 'E1' },
      source: null,
      target: { doc_ref: 'INV-6', entity: 'E1', amt: '60.00', cur: 'USD' },
      amountAtRisk: '60',
    });
    expect(byType('amount_mismatch')[0]).toMatchObject({
      key: { inv_no: 'INV-3', entity: 'E1' },
      differences: [{ field: 'amount', targetField: 'amt', source: '300.00', target: '300.50', difference: '0.5' }],
      amountAtRisk: '0.5',
    });
    expect(byType('field_mismatch')[0]).toMatchObject({
      key: { inv_no: 'INV-4', entity: 'E1' },
      differences: [{ field: 'currency', targetField: 'cur', source: 'USD', target: 'EUR' }],
    });
    expect(byType('duplicate_key').map((b) => [b.key.inv_no, b.side, b.rows, b.amountAtRisk])).toEqual([
      ['INV-5', 'source', 2, '50'],
      ['INV-7', 'target', 3, '140'],
    ]);
    // A key duplicated on one side is ambiguous: reported once as duplicate, never compared or matched.
    expect(breaks.filter((b) => b.key.inv_no === 'INV-5' || b.key.inv_no === 'INV-7').map((b) => b.type)).toEqual(['duplicate_key', 'duplicate_key']);
    // Breaks arrive in key order.
    expect(breaks.map((b) => b.key.inv_no)).toEqual(['INV-2', 'INV-3', 'INV-4', 'INV-5', 'INV-6', 'INV-7']);
  });

  it('reports an amount and another field differing on one pair as two breaks', async () => {
    const { summary, breaks } = await run(invoices, [src('A', 'E1', '10.00', 'USD')], [tgt('A', 'E1', '12.00', 'GBP')]);
    expect(summary.breaks.amount_mismatch).toBe(1);
    expect(summary.breaks.field_mismatch).toBe(1);
    expect(summary.matched).toBe(0);
    expect(breaks.map((b) => b.type)).toEqual(['amount_mismatch', 'field_mismatch']);
  });

  it('matches composite keys of mixed types whatever the format of each side', async () => {
    const def: ReconDefinition = {
      key: [
        { source: 'code', target: 'code', type: 'string' },
        { source: 'line', target: 'line_no', type: 'number' },
        { source: 'day', target: 'posted_on', type: 'date' },
        { source: 'batch', target: 'batch_id', type: 'uuid' },
      ],
      compare: [{ source: 'qty', target: 'quantity' }],
    };
    const uuid = '6f1c2b9e-8d3a-4c5e-9f00-aa11bb22cc33';
    const source: Row[] = [
      { code: 'A', line: '2', day: '2026-11-01', batch: uuid.toUpperCase(), qty: 5 },
      { code: 'A', line: '10', day: '2026-11-01', batch: uuid, qty: 7 },
      { code: 'B', line: '1.50', day: '2026-11-02T00:00:00Z', batch: uuid, qty: 1 },
    ];
    const target: Row[] = [
      { code: 'A', line_no: 2, posted_on: new Date('2026-11-01T00:00:00Z'), batch_id: uuid, quantity: '5' },
      { code: 'A', line_no: 10n, posted_on: '2026-11-01 00:00:00+00', batch_id: uuid, quantity: '7.0' },
      { code: 'B', line_no: 1.5, posted_on: '2026-11-02T01:00:00+01:00', batch_id: uuid, quantity: 1 },
    ];
    const { summary, breaks } = await run(def, source, target);
    expect(breaks).toEqual([]);
    expect(summary.matched).toBe(3);
  });

  it('orders number keys numerically and string keys by code point', async () => {
    const def: ReconDefinition = { key: [{ field: 'n', type: 'number' }, 's'] };
    const rows: Row[] = [
      { n: '-10', s: 'a' },
      { n: '-2.5', s: 'a' },
      { n: '0', s: 'Z' },
      { n: '0', s: 'a' },
      { n: '0', s: 'é' },
      { n: '9', s: 'a' },
      { n: '10', s: 'a' },
    ];
    const { summary } = await run(def, rows, rows);
    expect(summary.matched).toBe(7);
  });

  it('applies tolerances inclusively at the boundary and breaks just beyond it', async () => {
    const def: ReconDefinition = {
      key: ['id'],
      compare: [
        { field: 'abs', tolerance: { abs: '0.01' } },
        { field: 'rel', tolerance: { rel: '0.001' }, amount: true },
        { field: 'day', tolerance: { days: 3 } },
      ],
    };
    const source: Row[] = [
      { id: '1', abs: '100.00', rel: '1000', day: '2026-11-01T00:00:00Z' },
      { id: '2', abs: '100.00', rel: '1000', day: '2026-11-01T00:00:00Z' },
      { id: '3', abs: '100.00', rel: '1000', day: '2026-11-01T00:00:00Z' },
      { id: '4', abs: '100.00', rel: '1000', day: '2026-11-01T00:00:00Z' },
    ];
    const target: Row[] = [
      { id: '1', abs: '100.01', rel: '1001', day: '2026-11-04T00:00:00Z' }, // all exactly at the boundary
      { id: '2', abs: '99.989', rel: '1000', day: '2026-11-01T00:00:00Z' }, // abs just beyond
      { id: '3', abs: '100.00', rel: '998.999', day: '2026-11-01T00:00:00Z' }, // rel just beyond
      { id: '4', abs: '100.00', rel: '1000', day: '2026-11-04T00:00:00.001Z' }, // days just beyond
    ];
    const { summary, breaks } = await run(def, source, target);
    expect(summary.matched).toBe(1);
    expect(breaks.map((b) => [b.key.id, b.type, b.differences?.map((d) => d.field)])).toEqual([
      ['2', 'field_mismatch', ['abs']],
      ['3', 'amount_mismatch', ['rel']],
      ['4', 'field_mismatch', ['day']],
    ]);
    expect(breaks[0].differences?.[0].difference).toBe('-0.011');
  });

  it('compares text ignoring case and whitespace only when asked', async () => {
    const def: ReconDefinition = {
      key: ['id'],
      compare: [{ field: 'name', tolerance: { ignoreCase: true, ignoreWhitespace: true } }, { field: 'city', tolerance: { ignoreCase: true } }, 'memo'],
    };
    const { breaks } = await run(
      def,
      [
        { id: '1', name: '  Acme   Corp ', city: 'Paris', memo: 'x' },
        { id: '2', name: 'Acme', city: ' Paris', memo: 'x' },
        { id: '3', name: 'Acme', city: 'Paris', memo: 'x ' },
      ],
      [
        { id: '1', name: 'ACME corp', city: 'PARIS', memo: 'x' },
        { id: '2', name: 'acme', city: 'paris', memo: 'x' },
        { id: '3', name: 'acme', city: 'paris', memo: 'x' },
      ],
    );
    expect(breaks.map((b) => [b.key.id, b.differences?.map((d) => d.field)])).toEqual([
      ['2', ['city']],
      ['3', ['memo']],
    ]);
  });

  it('reports duplicates on each side and still reports the key missing when the other side lacks it', async () => {
    const def: ReconDefinition = { key: ['id'], compare: ['v'], totals: { amount: 'v' } };
    const { summary, breaks } = await run(
      def,
      [
        { id: 'a', v: '1' },
        { id: 'a', v: '1' },
        { id: 'b', v: '2' },
      ],
      [
        { id: 'b', v: '2' },
        { id: 'b', v: '2' },
        { id: 'c', v: '3' },
        { id: 'c', v: '3' },
      ],
    );
    expect(breaks.map((b) => [b.type, b.key.id, b.side ?? null, b.rows ?? null])).toEqual([
      ['duplicate_key', 'a', 'source', 2],
      ['missing_in_target', 'a', null, null],
      ['duplicate_key', 'b', 'target', 2],
      ['duplicate_key', 'c', 'target', 2],
      ['unexpected_in_target', 'c', null, null],
    ]);
    expect(summary.matched).toBe(0);
    expect(summary.source.totals).toEqual([{ group: {}, rows: 3, amount: '4' }]);
    expect(summary.target.totals).toEqual([{ group: {}, rows: 4, amount: '10' }]);
  });

  it('handles empty sides', async () => {
    const both = await run(invoices, [], []);
    expect(both.summary).toEqual({
      source: { rows: 0, totals: [], invalidAmounts: 0 },
      target: { rows: 0, totals: [], invalidAmounts: 0 },
      matched: 0,
      breaks: { missing_in_target: 0, unexpected_in_target: 0, amount_mismatch: 0, field_mismatch: 0, duplicate_key: 0 },
      groups: [],
    });
    const noTarget = await run(invoices, [src('A', 'E1', '1.00'), src('B', 'E1', '2.00')], []);
    expect(noTarget.summary.breaks.missing_in_target).toBe(2);
    const noSource = await run(invoices, [], [tgt('A', 'E1', '1.00')]);
    expect(noSource.summary.breaks.unexpected_in_target).toBe(1);
    expect(noSource.summary.groups).toEqual([
      {
        group: { currency: 'USD', entity: 'E1' },
        source: { rows: 0, amount: '0' },
        target: { rows: 1, amount: '1' },
        rowsDifference: 1,
        amountDifference: '1',
        balanced: false,
      },
    ]);
  });

  it('matches null key parts with each other, sorts them last, and compares null fields', async () => {
    const def: ReconDefinition = { key: ['id', { field: 'sub', type: 'number' }], compare: ['memo', { field: 'amount', amount: true }] };
    const { summary, breaks } = await run(
      def,
      [
        { id: 'a', sub: 1, memo: null, amount: '1' },
        { id: 'a', sub: null, memo: null, amount: null },
        { id: null, sub: 1, memo: 'x', amount: '1' },
      ],
      [
        { id: 'a', sub: 1, memo: null, amount: '1' },
        { id: 'a', sub: null, memo: 'set', amount: '2' },
        { id: null, sub: 1, memo: 'x', amount: null },
      ],
    );
    expect(summary.matched).toBe(1);
    expect(breaks.map((b) => [b.type, b.key, b.differences?.map((d) => [d.field, d.source, d.target])])).toEqual([
      ['amount_mismatch', { id: 'a', sub: null }, [['amount', null, '2']]],
      ['field_mismatch', { id: 'a', sub: null }, [['memo', null, 'set']]],
      ['amount_mismatch', { id: null, sub: '1' }, [['amount', '1', null]]],
    ]);
  });

  it('sums each currency and group exactly and compares the groups', async () => {
    const def: ReconDefinition = {
      key: ['id'],
      compare: [{ field: 'amount', tolerance: { abs: '0' } }],
      totals: { amount: 'amount', groupBy: ['currency', 'entity', 'period'] },
    };
    const source: Row[] = [
      { id: '1', amount: '0.1', currency: 'USD', entity: 'E1', period: '2026-11' },
      { id: '2', amount: 0.2, currency: 'USD', entity: 'E1', period: '2026-11' },
      { id: '3', amount: '1000000000000000000.01', currency: 'JPY', entity: 'E2', period: '2026-11' },
      { id: '4', amount: '5', currency: 'EUR', entity: 'E1', period: '2026-10' },
      { id: '5', amount: 'n/a', currency: 'EUR', entity: 'E1', period: '2026-10' },
    ];
    const target: Row[] = [
      { id: '1', amount: '0.10', currency: 'USD', entity: 'E1', period: '2026-11' },
      { id: '2', amount: '0.20', currency: 'USD', entity: 'E1', period: '2026-11' },
      { id: '3', amount: '1000000000000000000.02', currency: 'JPY', entity: 'E2', period: '2026-11' },
      { id: '4', amount: '5.00', currency: 'EUR', entity: 'E1', period: '2026-10' },
    ];
    const { summary } = await run(def, source, target);
    expect(summary.source.totals).toEqual([
      { group: { currency: 'EUR', entity: 'E1', period: '2026-10' }, rows: 2, amount: '5' },
      { group: { currency: 'JPY', entity: 'E2', period: '2026-11' }, rows: 1, amount: '1000000000000000000.01' },
      { group: { currency: 'USD', entity: 'E1', period: '2026-11' }, rows: 2, amount: '0.3' },
    ]);
    expect(summary.source.invalidAmounts).toBe(1);
    expect(summary.groups.map((g) => [g.group.currency, g.rowsDifference, g.amountDifference, g.balanced])).toEqual([
      ['EUR', -1, '0', false],
      ['JPY', 0, '0.01', false],
      ['USD', 0, '0', true],
    ]);
    expect(summary.breaks.amount_mismatch).toBe(1);
    expect(summary.breaks.missing_in_target).toBe(1);
  });

  it('fails with the side and row index when a side said sorted is out of order', async () => {
    const rows = [src('A', 'E1', '1'), src('C', 'E1', '1'), src('B', 'E1', '1')];
    const error = await run(invoices, rows, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconInputError);
    expect(error).toMatchObject({ code: 'unsorted_input', side: 'source', rowIndex: 2 });
    expect((error as Error).message).toContain('source rows are not in key order: row 2 (key ["B","E1"]) comes after row 1 (key ["C","E1"])');

    const nullFirst = [tgt('A', 'E1', '1'), { ...tgt('A', 'E1', '1'), entity: null }, tgt('A', 'E2', '1')];
    await expect(run(invoices, [], nullFirst)).rejects.toMatchObject({ code: 'unsorted_input', side: 'target', rowIndex: 2 });
  });

  it('sorts a side that is not sorted at the source', async () => {
    const shuffled = [src('C', 'E1', '3'), src('A', 'E1', '1'), src('B', 'E1', '2')];
    const { summary } = await run(invoices, shuffled, [tgt('A', 'E1', '1'), tgt('B', 'E1', '2'), tgt('C', 'E1', '3')], {
      source: { rows: shuffled, sorted: false },
    });
    expect(summary.matched).toBe(3);
  });

  it('fails with the side, row and field when a key value does not fit its type', async () => {
    const def: ReconDefinition = { key: [{ field: 'n', type: 'number' }] };
    await expect(run(def, [{ n: '1' }], [{ n: '1' }, { n: 'two' }])).rejects.toMatchObject({
      code: 'invalid_key',
      side: 'target',
      rowIndex: 1,
      field: 'n',
      message: 'target row 1: key field "n" has "two", which is not a number',
    });
  });

  it('applies field mappings: rename, trim, upper and minor units by currency', async () => {
    const def: ReconDefinition = {
      key: ['invoice'],
      compare: [{ field: 'amount', amount: true }, 'currency'],
      totals: { amount: 'amount', groupBy: ['currency'] },
      mappings: {
        target: [
          { from: 'id', to: 'invoice', trim: true, upper: true },
          { from: 'amount_minor', to: 'amount', minorUnits: { currencyField: 'ccy' } },
          { from: 'ccy', to: 'currency', upper: true },
        ],
      },
    };
    const { summary, breaks } = await run(
      def,
      [
        { invoice: 'INV-1', amount: '123.45', currency: 'USD' },
        { invoice: 'INV-2', amount: '5000', currency: 'JPY' },
        { invoice: 'INV-3', amount: '1.234', currency: 'KWD' },
      ],
      [
        { id: ' inv-1 ', amount_minor: 12345, ccy: 'usd' },
        { id: 'inv-2', amount_minor: '5000', ccy: 'jpy' },
        { id: 'inv-3', amount_minor: 1235n, ccy: 'kwd' },
      ],
    );
    expect(summary.matched).toBe(2);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toMatchObject({
      type: 'amount_mismatch',
      key: { invoice: 'INV-3' },
      differences: [{ source: '1.234', target: '1.235', difference: '0.001' }],
    });
    expect(summary.target.totals.map((t) => [t.group.currency, t.amount])).toEqual([
      ['JPY', '5000'],
      ['KWD', '1.235'],
      ['USD', '123.45'],
    ]);
  });

  it('delivers breaks in batches, awaiting each batch', async () => {
    const source = Array.from({ length: 25 }, (_, i) => ({ id: String(i).padStart(3, '0') }));
    const batches: number[] = [];
    let inFlight = 0;
    let overlapped = false;
    await reconcile({
      definition: { key: ['id'] },
      source: { rows: source, sorted: true },
      target: { rows: [], sorted: true },
      breakBatchSize: 10,
      onBreaks: async (batch) => {
        overlapped ||= inFlight > 0;
        inFlight++;
        await new Promise((r) => setImmediate(r));
        batches.push(batch.length);
        inFlight--;
      },
    });
    expect(batches).toEqual([10, 10, 5]);
    expect(overlapped).toBe(false);
  });

  it('keeps reading while a batch of breaks is being stored, and fails the run when storing fails', async () => {
    let read = 0;
    const rows = function* () {
      for (let i = 0; i < 30; i++) {
        read++;
        yield { id: String(i).padStart(3, '0') };
      }
    };
    const readWhenStored: number[] = [];
    await reconcile({
      definition: { key: ['id'] },
      source: { rows: rows(), sorted: true },
      target: { rows: [], sorted: true },
      breakBatchSize: 10,
      onBreaks: async () => {
        await new Promise((r) => setTimeout(r, 5));
        readWhenStored.push(read);
      },
    });
    expect(readWhenStored[0]).toBeGreaterThan(10);
    expect(readWhenStored).toHaveLength(3);
    const failed = reconcile({
      definition: { key: ['id'] },
      source: { rows: rows(), sorted: true },
      target: { rows: [], sorted: true },
      breakBatchSize: 10,
      onBreaks: () => Promise.reject(new Error('disk full')),
    });
    await expect(failed).rejects.toThrow('disk full');
  });

  it('reports progress per side and stops reading when aborted, closing both inputs', async () => {
    const controller = new AbortController();
    const closed: string[] = [];
    async function* side(name: string, n: number) {
      try {
        for (let i = 0; i < n; i++) yield { id: String(i).padStart(6, '0') };
      } finally {
        closed.push(name);
      }
    }
    const progress: { source: number; target: number }[] = [];
    const reason = new Error('cancelled by user');
    const result = reconcile({
      definition: { key: ['id'] },
      source: { rows: side('source', 100_000), sorted: true },
      target: { rows: side('target', 100_000), sorted: true },
      progressEvery: 1000,
      onProgress: (p) => {
        progress.push(p);
        if (p.source + p.target >= 5000) controller.abort(reason);
      },
      signal: controller.signal,
    });
    await expect(result).rejects.toBe(reason);
    expect(closed.sort()).toEqual(['source', 'target']);
    expect(progress[0]).toEqual({ source: 500, target: 500 });
    expect(progress.at(-1)?.source).toBeLessThan(100_000);
  });

  it('rejects an invalid definition before reading any row', async () => {
    let read = false;
    const rows = (function* () {
      read = true;
      yield { id: 1 };
    })();
    await expect(reconcile({ definition: { key: [] }, source: { rows, sorted: true }, target: { rows: [], sorted: true } })).rejects.toMatchObject({
      code: 'invalid_recon_definition',
      issues: [{ field: 'key', message: 'must name at least one key field' }],
    });
    expect(read).toBe(false);
  });
});

describe(`${reconcile.name} with rows as arrays of column values`, () => {
  /** The rows as one reused array per side, as a COPY reader hands them, in an order of columns of its own. */
  function asTuples(rows: Row[], columns: string[]) {
    const tuple: unknown[] = [];
    return {
      rows: (function* () {
        for (const row of rows) {
          columns.forEach((c, i) => (tuple[i] = row[c]));
          yield tuple;
        }
      })(),
      columns: () => columns,
    };
  }
  const source = [src('INV-1', 'E1', '100.00'), src('INV-2', 'E1', '200.00'), src('INV-2', 'E1', '5.00'), src('INV-3', 'E2', null, 'EUR')];
  const target = [tgt('INV-1', 'E1', '100.005'), tgt('INV-2', 'E1', '200.00'), tgt('INV-3', 'E2', '1.00', 'EUR', '2026-11-09'), tgt('INV-4', 'E2', '4.00')];

  it('gives the same summary and breaks as the same rows as objects, with or without field mappings', async () => {
    const mapped: ReconDefinition = { ...invoices, mappings: { target: [{ from: 'cur', upper: true }] } };
    for (const definition of [invoices, mapped]) {
      const expected = await run(definition, source, target);
      const breaks: ReconBreak[] = [];
      const summary = await reconcile({
        definition,
        source: { ...asTuples(source, ['currency', 'inv_date', 'amount', 'entity', 'inv_no', 'unused']), sorted: true },
        target: { ...asTuples(target, ['doc_ref', 'gl_date', 'amt', 'cur', 'entity']), sorted: true },
        onBreaks: (batch) => {
          breaks.push(...batch);
        },
      });
      expect({ summary, breaks }).toEqual(expected);
      expect(breaks.length).toBeGreaterThan(0);
    }
  });

  it('reads a column named twice by its last value, as a row object would', async () => {
    const tuples = {
      rows: [['INV-1', 'E9', 'E1', '100.00', 'USD', '2026-11-03']],
      columns: () => ['inv_no', 'entity', 'entity', 'amount', 'currency', 'inv_date'],
    };
    const summary = await reconcile({
      definition: invoices,
      source: { ...tuples, sorted: true },
      target: { rows: [tgt('INV-1', 'E1', '100.00')], sorted: true },
    });
    expect(summary.matched).toBe(1);
  });
});
