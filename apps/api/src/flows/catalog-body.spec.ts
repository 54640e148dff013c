import { ApiError } from '../common/api-error';
import { catalogRequestBody } from './catalog-body';

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe(catalogRequestBody.name, () => {
  it('parses YAML for every YAML content type', () => {
    for (const type of ['application/yaml', 'application/x-yaml', 'text/yaml; charset=utf-8']) {
      expect(catalogRequestBody(type, 'version: 1\nsystems: []\n')).toEqual({ version: 1, systems: [] });
    }
  });

  it('passes parsed JSON through', () => {
    const body = { version: 1 };
    expect(catalogRequestBody('application/json; charset=utf-8', body)).toBe(body);
  });

  it('answers malformed YAML with line and column', () => {
    const err = errorOf(() => catalogRequestBody('application/yaml', 'version: [1\n'));
    expect(err.code).toBe('malformed_body');
    expect(err.details?.[0]?.message).toMatch(/^line \d+, column \d+/);
  });

  it('refuses empty YAML and other content types', () => {
    expect(errorOf(() => catalogRequestBody('text/yaml', '  ')).details).toEqual([{ field: 'body', message: expect.stringContaining('empty') }]);
    const err = errorOf(() => catalogRequestBody('text/plain', 'version: 1'));
    expect(err.code).toBe('unsupported_media_type');
    expect(err.details?.[0]?.field).toBe('content-type');
    expect(errorOf(() => catalogRequestBody(undefined, undefined)).code).toBe('unsupported_media_type');
  });
});
