import { existsSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory, Reflector } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module';
import { ApiErrorFilter, type ErrorRenderer } from './common/api-error.filter';
import { ApiError, ApiErrorCode } from './common/api-error';
import { JsonLogger } from './common/json-logger';
import { answerClientErrorsAsJson } from './common/client-errors';
import { type AppConfig } from './config/config';
import { httpRequestDuration } from './health/metrics';
import { RequestBodyInterceptor } from './http/request-body.interceptor';
import { securityHeaders } from './http/security-headers';
import { otlpErrorRenderer } from './ingest/otlp-error-renderer';
import { ClusterIoAdapter } from './live/cluster-io-adapter';

export interface AppOptions {
  /** Extra renderers for paths with their own error format (OTLP). */
  errorRenderers?: ErrorRenderer[];
}

/**
 * Builds the whole HTTP application on one port: API, OTLP endpoint, socket.io, OpenAPI docs
 * and the built dashboard. Used by main.ts and by every integration and e2e test, so tests run
 * exactly what production runs.
 */
export async function createApp(config: AppConfig, databaseUrl: string, options: AppOptions = {}): Promise<NestExpressApplication> {
  const logger = new JsonLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  const live = new ClusterIoAdapter(app, config.live, databaseUrl);
  await live.connect();
  app.useWebSocketAdapter(live);
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  app.use(requestMetrics);
  // No body parser runs here, before routing: the AuthGuard authenticates first, then
  // RequestBodyInterceptor applies ingest admission and reads the body with the route's limit.
  app.useGlobalInterceptors(new RequestBodyInterceptor(app.get(Reflector), config));
  // `Expect: 100-continue` is granted when the body is about to be read (readBody), not on
  // arrival as Node would, so a refused client is answered before it sends its body at all.
  const server = app.getHttpServer() as Server;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => server.emit('request', req, res));
  // Errors on /v1/* are google.rpc.Status bodies, as OTLP/HTTP requires.
  app.useGlobalFilters(new ApiErrorFilter([otlpErrorRenderer, ...(options.errorRenderers ?? [])], config.ingestRetryAfterSeconds));
  // No enableShutdownHooks(): main.ts owns SIGINT/SIGTERM (stops the demo simulator, closes the
  // app, stops the embedded database, exits 0); Nest's own handler would re-raise the signal.

  const docs = new DocumentBuilder()
    .setTitle('Closewatch API')
    .setDescription('Control tower for finance integrations. Contracts: docs/architecture.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));

  serveDashboard(app, config.webDir);
  answerClientErrorsAsJson(app.getHttpServer());
  return app;
}

function serveDashboard(app: NestExpressApplication, webDir: string): void {
  const index = join(webDir, 'index.html');
  app.use(express.static(webDir, { index: false, maxAge: '1h' }));
  // Client-side routes of the single-page dashboard; API-like paths fall through to their 404.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || /^\/(api|v1|health|metrics|socket\.io)(\/|$)/.test(req.path)) return next();
    if (!existsSync(index)) return next(new ApiError(ApiErrorCode.NotFound, 'Dashboard is not built: run npm run build'));
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

function requestMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpRequestDuration.startTimer({ method: req.method });
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
    end({ route, status: String(res.statusCode) });
  });
  next();
}
