import { type ApiErrorDetail } from '@closewatch/contracts/errors';
import { type ReconDataset, type ReconDefinitionBody, reconDefinitionSchema } from '@closewatch/contracts/recon';
import { compileRecon, type ReconPlan } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { ReconDefinitionError } from '@closewatch/recon/errors';
import { type HttpAddressPolicy } from '../../config/http-allow-list';
import { httpUrlProblem } from '../connectors/http/http-url-check';
import { QueryParameterError } from '../connectors/query-params';
import { parameterNames } from '../connectors/postgres/checked-query';
import { checkQuerySync, loadQueryParser, ReadOnlyQueryError } from '../connectors/postgres/read-only-query';

export interface DefinitionContext {
  /** Whether CLOSEWATCH_CSV_DIR is set (csv datasets by path need it). */
  csvDir: boolean;
  /** Header sets configured for http datasets. */
  httpHeaderSets: ReadonlySet<string>;
  /** CLOSEWATCH_HTTP_DATASET_ALLOW (default: every special-purpose address refused). */
  httpAllow?: HttpAddressPolicy;
}

export type DefinitionCheck = { ok: true; definition: ReconDefinitionBody; plan: ReconPlan } | { ok: false; details: ApiErrorDetail[] };

/**
 * Validates a definition body for POST/PUT /api/v1/recons without touching the database: the
 * envelope (id, flow, datasets, scope, schedule, materiality) by the contract's schema, the
 * engine's part (key, compare, totals, mappings) by compileRecon, then what ties them together
 * (query parameters the scope must define, the recordKey field, bisect mode's conditions).
 * A postgres query must be exactly one read-only statement, checked by PostgreSQL's own parser
 * (read-only-query.ts). Every problem is named by its path (`compare[2].tolerance.rel`,
 * `source.query`). Returns the body with defaults filled in.
 */
export async function checkDefinition(body: unknown, ctx: DefinitionContext): Promise<DefinitionCheck> {
  await loadQueryParser();
  const details: ApiErrorDetail[] = [];
  const parsed = reconDefinitionSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) details.push({ field: pathText(issue.path) || 'body', message: issue.message });
  }
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  let plan: ReconPlan | undefined;
  try {
    plan = compileRecon({ key: raw.key, compare: raw.compare, totals: raw.totals, mappings: raw.mappings } as ReconDefinition);
  } catch (err) {
    if (!(err instanceof ReconDefinitionError)) throw err;
    for (const issue of err.issues) if (!details.some((d) => d.field === issue.field)) details.push({ field: issue.field || 'body', message: issue.message });
  }
  if (!parsed.success || !plan) return { ok: false, details };

  const d = parsed.data;
  const scope = d.scope ?? {};
  for (const side of ['source', 'target'] as const) details.push(...datasetProblems(d[side], side, scope, ctx));
  if (d.recordKey !== undefined && !plan.keys.some((k) => k.source === d.recordKey)) {
    details.push({ field: 'recordKey', message: `must be one of the key fields (${plan.keys.map((k) => k.source).join(', ')})` });
  }
  if (d.mode === 'bisect') {
    if (d.source.connector !== 'postgres' || d.target.connector !== 'postgres')
      details.push({ field: 'mode', message: 'bisect needs postgres datasets on both sides' });
    if (plan.mappings.source.length || plan.mappings.target.length) details.push({ field: 'mode', message: 'bisect cannot be combined with mappings' });
  }
  if (details.length) return { ok: false, details };

  const definition: ReconDefinitionBody = {
    id: d.id,
    name: d.name,
    flow: d.flow,
    description: d.description ?? null,
    enabled: d.enabled ?? true,
    source: d.source as ReconDataset,
    target: d.target as ReconDataset,
    key: raw.key as ReconDefinitionBody['key'],
    ...(raw.compare !== undefined ? { compare: raw.compare as ReconDefinitionBody['compare'] } : {}),
    ...(raw.totals !== undefined && raw.totals !== null ? { totals: raw.totals as ReconDefinitionBody['totals'] } : {}),
    ...(raw.mappings !== undefined && raw.mappings !== null ? { mappings: raw.mappings as ReconDefinitionBody['mappings'] } : {}),
    scope,
    schedule: d.schedule ?? null,
    materiality: d.materiality ?? null,
    ...(d.recordKey !== undefined ? { recordKey: d.recordKey } : {}),
    mode: d.mode ?? 'merge',
  };
  return { ok: true, definition, plan };
}

function datasetProblems(dataset: ReconDataset, side: 'source' | 'target', scope: Record<string, string>, ctx: DefinitionContext): ApiErrorDetail[] {
  const out: ApiErrorDetail[] = [];
  if (dataset.connector === 'postgres') {
    try {
      for (const name of parameterNames(checkQuerySync(dataset.query))) {
        if (!Object.prototype.hasOwnProperty.call(scope, name))
          out.push({ field: `${side}.query`, message: `uses :${name}, which the scope does not define (add scope.${name})` });
      }
    } catch (err) {
      if (!(err instanceof QueryParameterError || err instanceof ReadOnlyQueryError)) throw err;
      out.push({ field: `${side}.query`, message: err.message });
    }
  }
  if (dataset.connector === 'csv' && dataset.path !== undefined && !ctx.csvDir) {
    out.push({ field: `${side}.path`, message: 'csv files by path need CLOSEWATCH_CSV_DIR to be set; upload the file instead (POST /api/v1/recon-files)' });
  }
  if (dataset.connector === 'csv' && dataset.path !== undefined && /(^|[\\/])\.\.([\\/]|$)/.test(dataset.path)) {
    out.push({ field: `${side}.path`, message: 'must stay inside CLOSEWATCH_CSV_DIR (no "..")' });
  }
  const urlProblem = dataset.connector === 'http' ? httpUrlProblem(dataset.url, ctx.httpAllow) : undefined;
  if (urlProblem) out.push({ field: `${side}.url`, message: urlProblem });
  if (dataset.connector === 'http' && dataset.headers !== undefined && !ctx.httpHeaderSets.has(dataset.headers)) {
    out.push({
      field: `${side}.headers`,
      message: `no header set ${dataset.headers} is configured (CLOSEWATCH_HTTP_HEADERS_${dataset.headers.toUpperCase()})`,
    });
  }
  return out;
}

/** A zod issue path as the engine writes paths: `source.query`, `key[0].type`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
