import { type NestExpressApplication } from '@nestjs/platform-express';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { type Access, ACCESS_KEY } from '../src/auth/auth.decorators';

/** One route of the running app with the access its handler declares (`x-closewatch-access`). */
export interface DeclaredRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express form: `/api/v1/flows/:id`. */
  path: string;
  access: Access;
  /** Names of the query parameters the OpenAPI document lists for it. */
  queryParams: string[];
}

interface OpenApiOperation {
  'x-closewatch-access'?: Access;
  parameters?: { name: string; in: string }[];
}

const VERBS: Partial<Record<RequestMethod, DeclaredRoute['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

/**
 * Every route of the running app's controllers with the access metadata the global guard reads
 * (so routes left out of the OpenAPI document, such as /health and /metrics, are here too),
 * checked against the routes Express actually serves. Query parameter names come from the
 * OpenAPI document where the route is in it.
 */
export async function declaredRoutes(app: NestExpressApplication, url: string): Promise<DeclaredRoute[]> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as () => unknown;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const verb = VERBS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (sub === undefined || !verb) continue;
        const access = reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler, controller]);
        if (!access) throw new Error(`${verb} ${joinPath(base, sub)} (${controller.name}.${name}) declares no access`);
        routes.push({ method: verb, path: joinPath(base, sub), access, queryParams: [] });
      }
    }
  }
  const doc = (await (await fetch(`${url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
  for (const [openApiPath, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const route = routes.find((r) => r.method === method.toUpperCase() && r.path === openApiPath.replace(/\{(\w+)\}/g, ':$1'));
      if (!route) throw new Error(`${method.toUpperCase()} ${openApiPath} is documented but not served`);
      if (JSON.stringify(op['x-closewatch-access']) !== JSON.stringify(route.access))
        throw new Error(`${route.method} ${route.path}: x-closewatch-access differs from the guard's metadata`);
      route.queryParams = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    }
  }
  const served = expressRoutes(app);
  const declared = routes.map((r) => `${r.method} ${r.path}`).sort();
  if (JSON.stringify(served) !== JSON.stringify(declared)) {
    throw new Error(`Express serves other routes than the controllers declare:\n served ${served.join(', ')}\n declared ${declared.join(', ')}`);
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const joinPath = (base: string | string[] | undefined, sub: string | string[]): string =>
  `/${[base, sub]
    .flat()
    .filter((p): p is string => !!p && p !== '/')
    .map((p) => p.replace(/^\/|\/$/g, ''))
    .join('/')}`;

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * `METHOD path` of every route handler registered on the Express app, less the OpenAPI viewer
 * that SwaggerModule mounts outside Nest's controllers (public documentation of the API).
 */
function expressRoutes(app: NestExpressApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  return instance.router.stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []))
    .filter((r) => !/^GET \/api\/docs([-/]|$)/.test(r))
    .sort();
}

/** A concrete path: every `:param` becomes `value`. */
export const concretePath = (path: string, value: string): string => path.replace(/:(\w+)/g, () => encodeURIComponent(value));

/** Runs tasks with at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
