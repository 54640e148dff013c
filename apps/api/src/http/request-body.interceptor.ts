import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import { type Access, ACCESS_KEY } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error';
import { unstorableFields } from '../common/storable-text';
import { jsonBodyParser } from '../common/json-body-parser';
import { type AppConfig } from '../config/config';
import { CATALOG_YAML_TYPES } from '../flows/catalog-body';
import { ingestAdmission } from '../ingest/ingest-admission';
import { otlpBodyParser } from '../ingest/otlp-body-parser';
import { BODY_FORMAT_KEY, type BodyFormat } from './body-format.decorator';
import { readBody, runMiddleware } from './read-body';

/** Largest body of a public route (the login form); nobody is known yet, so it stays small. */
export const PUBLIC_MAX_BODY_BYTES = 16 * 1024;

/**
 * The request pipeline after the AuthGuard: ingest admission, then the body, then the generic
 * input checks. Guards run before interceptors, so an anonymous or refused caller is answered
 * before a byte of its body is read (inflated, parsed) and never takes an ingest slot.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  private readonly admission: RequestHandler;
  private readonly publicJson: RequestHandler;
  private readonly apiJson: RequestHandler;
  private readonly ingestJson: RequestHandler;
  private readonly yamlText: RequestHandler;
  private readonly otlp: RequestHandler;
  private readonly timeoutMs: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    this.admission = ingestAdmission(config.ingestMaxConcurrent, config.ingestRetryAfterSeconds);
    this.publicJson = jsonBodyParser(PUBLIC_MAX_BODY_BYTES);
    this.apiJson = jsonBodyParser(config.apiMaxBodyBytes);
    this.ingestJson = jsonBodyParser(config.ingestMaxBodyBytes);
    this.yamlText = express.text({ limit: config.ingestMaxBodyBytes, type: CATALOG_YAML_TYPES });
    this.otlp = otlpBodyParser(config.ingestMaxBodyBytes);
    this.timeoutMs = config.bodyReadTimeoutSeconds * 1000;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets);
    const format = this.reflector.getAllAndOverride<BodyFormat | undefined>(BODY_FORMAT_KEY, targets) ?? 'json';
    const http = ctx.switchToHttp();
    return from(this.prepare(http.getRequest<Request>(), http.getResponse<Response>(), access, format)).pipe(switchMap(() => next.handle()));
  }

  private async prepare(req: Request, res: Response, access: Access | undefined, format: BodyFormat): Promise<void> {
    const ingest = access?.kind === 'ingest';
    if (ingest) await runMiddleware(this.admission, req, res);
    const [parsers, limit] = this.parsersFor(access, format);
    await readBody(parsers, req, res, limit, this.timeoutMs);
    // Ingest keeps its own rules: a bad event is rejected by index, OTLP text made storable.
    if (!ingest) rejectUnstorableText(req);
  }

  private parsersFor(access: Access | undefined, format: BodyFormat): [RequestHandler[], number] {
    if (format === 'otlp') return [[this.otlp], this.config.ingestMaxBodyBytes];
    if (format === 'document') return [[this.ingestJson, this.yamlText], this.config.ingestMaxBodyBytes];
    if (access?.kind === 'ingest') return [[this.ingestJson], this.config.ingestMaxBodyBytes];
    if (access?.kind === 'roles') return [[this.apiJson], this.config.apiMaxBodyBytes];
    return [[this.publicJson], PUBLIC_MAX_BODY_BYTES];
  }
}

/**
 * PostgreSQL text and jsonb cannot hold NUL characters (nor jsonb unpaired surrogates): such a
 * value anywhere in the body, query or path is refused here, naming the field, instead of
 * failing in the database with a 500.
 */
function rejectUnstorableText(req: Request): void {
  const bad = [...unstorableFields(req.body), ...unstorableFields(req.query), ...unstorableFields(req.params)];
  if (bad.length) throw ApiError.validation(bad);
}
