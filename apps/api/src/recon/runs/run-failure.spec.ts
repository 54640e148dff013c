import { ReconInputError } from '@closewatch/recon/errors';
import { QueryParameterError } from '../connectors/query-params';
import { describeFailure, ReconRunFailure, scrub } from './run-failure';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe(describeFailure.name, () => {
  it('explains PostgreSQL errors by SQLSTATE', () => {
    expect(describeFailure(pgError('57014', 'canceling statement due to statement timeout'))).toMatchObject({ code: 'statement_timeout', retryable: true });
    expect(describeFailure(pgError('25006', 'cannot execute INSERT in a read-only transaction'))).toMatchObject({
      code: 'read_only_violation',
      retryable: false,
    });
    expect(describeFailure(pgError('57P01', 'terminating connection due to administrator command'))).toMatchObject({
      code: 'connection_failed',
      retryable: true,
    });
    expect(describeFailure(pgError('28P01', 'password authentication failed'))).toMatchObject({ code: 'connection_failed', retryable: false });
    expect(describeFailure(pgError('42P01', 'relation "x" does not exist'))).toEqual({
      code: 'query_failed',
      message: 'relation "x" does not exist (SQLSTATE 42P01)',
      retryable: false,
    });
    expect(describeFailure(pgError('40001', 'could not serialize access'))).toMatchObject({ code: 'query_failed', retryable: true });
  });

  it('explains network errors, the engine, and its own failures', () => {
    expect(describeFailure(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toMatchObject({ code: 'connection_failed', retryable: true });
    expect(describeFailure(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'connection_failed', retryable: true });
    expect(describeFailure(new ReconInputError('unsorted_input', 'target', 7, 'target rows are not in key order'))).toMatchObject({
      code: 'invalid_input',
      retryable: false,
    });
    expect(describeFailure(new QueryParameterError('uses :x, which the scope does not define'))).toMatchObject({ code: 'invalid_scope' });
    expect(describeFailure(new ReconRunFailure('http_failed', 'GET answered 503', true))).toEqual({
      code: 'http_failed',
      message: 'GET answered 503',
      retryable: true,
    });
    expect(describeFailure(new TypeError('boom'))).toMatchObject({ code: 'internal_error', retryable: false });
  });

  it('never repeats a connection URL', () => {
    expect(scrub('could not reach postgres://u:hunter2@db:5432/x today')).toBe('could not reach postgres://… today');
    expect(describeFailure(new Error('bad postgresql://u:hunter2@db/x')).message).not.toContain('hunter2');
  });
});
