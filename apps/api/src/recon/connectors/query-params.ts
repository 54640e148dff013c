/** A query's scope parameters do not fit the scope (read-only-query.ts locates and binds them). */
export class QueryParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryParameterError';
  }
}

/**
 * Fills `:name` placeholders of a file path or URL with scope values (URL-encoded for URLs).
 * Only names the scope defines are replaced, so `host:8080` and `https://` stay as they are.
 */
export function fillTemplate(template: string, scope: Readonly<Record<string, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(scope, name) ? encode(scope[name]!) : whole,
  );
}
