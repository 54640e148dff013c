import { catalogDbError } from './catalog-db-errors';

describe(catalogDbError.name, () => {
  it('maps a flow pointing at a vanished system to a 400 naming the field', () => {
    const err = catalogDbError({
      driverError: {
        code: '23503',
        constraint: 'flows_target_system_fk',
        table: 'flows',
        detail: 'Key (target_system)=(x) is not present in table "systems".',
      },
    });
    expect(err?.code).toBe('validation_failed');
    expect(err?.details).toEqual([{ field: 'targetSystem', message: expect.any(String) }]);
  });

  it('maps rows still referencing a deleted id to a 409 naming the table', () => {
    const err = catalogDbError({
      code: '23503',
      constraint: 'recons_flow_fk',
      table: 'recons',
      detail: 'Key (id)=(f) is still referenced from table "recons".',
    });
    expect(err?.code).toBe('conflict');
    expect(err?.message).toContain('recons');
  });

  it('maps unique violations to 409 and leaves anything else alone', () => {
    expect(catalogDbError({ code: '23505' })?.code).toBe('conflict');
    expect(catalogDbError(new Error('connection reset'))).toBeUndefined();
    expect(catalogDbError(undefined)).toBeUndefined();
  });
});
