import { parseCatalogYaml } from '@closewatch/contracts/catalog-yaml';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { unstorableFields } from '../common/storable-text';

/** Content types `PUT /api/v1/catalog` reads as YAML text (RequestBodyInterceptor reads them as text). */
export const CATALOG_YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/**
 * The raw catalog document from a request body: YAML text is parsed here (errors carry line and
 * column), JSON arrives already parsed by the API's JSON body parser. Anything else is a 415.
 */
export function catalogRequestBody(contentType: string | undefined, body: unknown): unknown {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (CATALOG_YAML_TYPES.includes(type)) {
    if (typeof body !== 'string' || body.trim() === '') throw ApiError.field('body', 'is empty; send a catalog document');
    const parsed = parseCatalogYaml(body);
    if (!parsed.ok) throw new ApiError(ApiErrorCode.MalformedBody, `Malformed YAML body: ${parsed.errors[0]!.message}`, parsed.errors);
    // A YAML escape ("\0") makes a NUL that the raw text did not show.
    const bad = unstorableFields(parsed.value);
    if (bad.length) throw ApiError.validation(bad);
    return parsed.value;
  }
  if (type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type)) return body;
  throw new ApiError(
    ApiErrorCode.UnsupportedMediaType,
    `Send the catalog as YAML (${CATALOG_YAML_TYPES[0]}) or JSON (application/json), not ${type || 'a body without Content-Type'}`,
    [{ field: 'content-type', message: `must be application/json or one of ${CATALOG_YAML_TYPES.join(', ')}` }],
  );
}
