import { parseArgs, USAGE } from './options';

const seed = () => 1234;

describe(parseArgs.name, () => {
  it('reads the environment the API sets in demo mode, with defaults for the rest', () => {
    const r = parseArgs(
      [],
      { CLOSEWATCH_URL: 'http://127.0.0.1:3000/', CLOSEWATCH_INGEST_KEY: 'cwk_secret', SIMULATOR_RATE: '5', SIMULATOR_FAULT_RATE: '0.05' },
      seed,
    );
    expect(r).toEqual({
      kind: 'run',
      options: {
        url: 'http://127.0.0.1:3000',
        key: 'cwk_secret',
        rate: 5,
        faultRate: 0.05,
        scenarios: ['saas', 'manufacturer', 'source_to_pay'],
        durationSeconds: undefined,
        records: undefined,
        seed: 1234,
        replay: undefined,
      },
    });
  });

  it('lets flags (both spellings) win over the environment', () => {
    const r = parseArgs(
      [
        '--url',
        'https://cw.example.com',
        '--key=k2',
        '--rate',
        '20',
        '--fault-rate=0.5',
        '--scenarios',
        'saas,source_to_pay',
        '--duration',
        '30',
        '--records',
        '100',
        '--seed',
        '7',
      ],
      { CLOSEWATCH_URL: 'http://elsewhere', CLOSEWATCH_INGEST_KEY: 'k1', SIMULATOR_RATE: '1' },
      seed,
    );
    expect(r).toEqual({
      kind: 'run',
      options: {
        url: 'https://cw.example.com',
        key: 'k2',
        rate: 20,
        faultRate: 0.5,
        scenarios: ['saas', 'source_to_pay'],
        durationSeconds: 30,
        records: 100,
        seed: 7,
        replay: undefined,
      },
    });
  });

  it("reads the demo middleware's replay endpoint from the environment, with a default success rate", () => {
    const env = { CLOSEWATCH_INGEST_KEY: 'k', SIMULATOR_REPLAY_PORT: '3931', SIMULATOR_REPLAY_SECRET: 'whs' };
    const r = parseArgs([], env, seed);
    expect(r.kind === 'run' && r.options.replay).toEqual({ port: 3931, secret: 'whs', successRate: 0.8 });
    const r2 = parseArgs(['--replay-success-rate', '1'], env, seed);
    expect(r2.kind === 'run' && r2.options.replay).toEqual({ port: 3931, secret: 'whs', successRate: 1 });
  });

  it('answers help', () => {
    expect(parseArgs(['--help'], {}, seed)).toEqual({ kind: 'help' });
    expect(USAGE).toContain('--fault-rate');
  });

  it.each([
    [['--rate', 'fast'], /--rate: must be a number/],
    [['--fault-rate', '1.5'], /--fault-rate: must be a number from 0 to 1/],
    [['--scenarios', 'saas,retail'], /unknown scenario retail/],
    [['--records', '2.5'], /--records: must be a positive integer/],
    [['--duration', '0'], /--duration: must be a positive number/],
    [['--seed', '-1'], /--seed/],
    [['--bogus'], /unknown argument --bogus/],
    [['--url'], /--url needs a value/],
    [['--url', 'ftp://x'], /must be an http\(s\) URL/],
    [['--rate', '0', '--records', '5'], /--records needs a rate above 0/],
    [['--replay-port', '70000', '--replay-secret', 's'], /--replay-port: must be a port/],
    [['--replay-port', '4000'], /--replay-port needs the receiver's secret/],
    [['--replay-port', '4000', '--replay-secret', 's', '--replay-success-rate', '2'], /--replay-success-rate: must be a number from 0 to 1/],
  ])('refuses %j naming the problem', (argv, message) => {
    const r = parseArgs(argv, { CLOSEWATCH_INGEST_KEY: 'k' }, seed);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(message);
  });

  it('requires an ingest key and names the environment variable for a bad one', () => {
    expect(parseArgs([], {}, seed)).toEqual({ kind: 'error', message: expect.stringContaining('CLOSEWATCH_INGEST_KEY') });
    expect(parseArgs([], { CLOSEWATCH_INGEST_KEY: 'k', SIMULATOR_FAULT_RATE: 'lots' }, seed)).toEqual({
      kind: 'error',
      message: expect.stringContaining('SIMULATOR_FAULT_RATE'),
    });
  });
});

describe('parseArgs --inject', () => {
  const parse = (...argv: string[]) => parseArgs(['--key', 'k', ...argv], {}, () => 7);

  it('reads one record to inject', () => {
    expect(
      parse(
        '--inject',
        'erp_outage',
        '--flow',
        'coupa-to-oracle-invoices',
        '--entity',
        'DE01',
        '--period',
        '2026-11',
        '--amount',
        '250000.00',
        '--currency',
        'eur',
      ),
    ).toEqual({
      kind: 'inject',
      options: {
        url: 'http://127.0.0.1:3000',
        key: 'k',
        seed: 7,
        fault: 'erp_outage',
        flow: 'coupa-to-oracle-invoices',
        entity: 'DE01',
        period: '2026-11',
        amount: '250000.00',
        currency: 'EUR',
        recordKey: undefined,
      },
    });
  });

  it('names what is wrong', () => {
    expect(parse('--inject', 'late_batch', '--flow', 'x')).toMatchObject({ kind: 'error', message: expect.stringContaining('unknown fault late_batch') });
    expect(parse('--inject', 'erp_outage')).toEqual({ kind: 'error', message: '--inject needs --flow' });
    expect(parse('--inject', 'erp_outage', '--flow', 'f', '--period', '2026-13')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('--period'),
    });
    expect(parse('--inject', 'erp_outage', '--flow', 'f', '--amount', '1e6')).toMatchObject({ kind: 'error', message: expect.stringContaining('--amount') });
  });
});
