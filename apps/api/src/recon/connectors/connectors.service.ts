import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ReconDataset } from '@closewatch/contracts/recon';
import { type ReconPlan } from '@closewatch/recon/compile';
import { type Side } from '@closewatch/recon/definition';
import { type SideInput } from '@closewatch/recon/recon-engine';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ConnectionsService } from '../connections/connections.service';
import { csvSide } from './connector-csv';
import { httpSide } from './http/connector-http';
import { postgresSide } from './postgres/connector-postgres';
import { telemetrySide } from './postgres/connector-telemetry';
import { numericRawFields } from './numeric-fields';
import { type CheckedQuery } from './postgres/checked-query';
import { ReconRunFailure } from '../runs/run-failure';

export interface OpenSideOptions {
  side: Side;
  dataset: ReconDataset;
  /** A postgres dataset's query, checked at the run's start (read-only-query.ts). */
  query?: CheckedQuery;
  plan: ReconPlan;
  flow: string;
  scope: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

/**
 * Turns a dataset of a definition into the engine's side input: postgres (named connection,
 * read-only cursor, sorted at the source), csv and http (unsorted: the engine sorts them), and
 * telemetry (the hops Closewatch stored, read from its own database like a postgres side).
 */
@Injectable()
export class ConnectorsService {
  constructor(
    private readonly connections: ConnectionsService,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The URL of Closewatch's own database (telemetry datasets). */
  ownDatabaseUrl(): string {
    const url = (this.ds.options as { url?: string }).url;
    if (!url) throw new ReconRunFailure('connection_missing', 'the Closewatch database URL is not known');
    return url;
  }

  async open(o: OpenSideOptions): Promise<SideInput> {
    const s = this.config.recon;
    const d = o.dataset;
    switch (d.connector) {
      case 'postgres':
        if (!o.query) throw new ReconRunFailure('internal_error', `the ${o.side} query was not checked before the run`);
        return postgresSide({
          url: await this.connections.url(d.connection),
          query: o.query,
          scope: o.scope,
          plan: o.plan,
          side: o.side,
          fetchRows: s.fetchRows,
          statementTimeoutMs: s.statementTimeoutMs,
          signal: o.signal,
        });
      case 'telemetry':
        return telemetrySide({
          url: this.ownDatabaseUrl(),
          dataset: d,
          flow: o.flow,
          scope: o.scope,
          plan: o.plan,
          side: o.side,
          fetchRows: s.fetchRows,
          statementTimeoutMs: s.statementTimeoutMs,
          signal: o.signal,
        });
      case 'csv':
        return csvSide({
          dataset: d,
          scope: o.scope,
          csvDir: s.csvDir,
          uploadDir: s.uploadDir,
          numericFields: numericRawFields(o.plan, o.side),
          maxRecordChars: s.csvMaxRecordChars,
          signal: o.signal,
        });
      case 'http': {
        const headers = d.headers === undefined ? {} : s.httpHeaders[d.headers];
        if (!headers)
          throw new ReconRunFailure('http_failed', `no header set ${d.headers} is configured (CLOSEWATCH_HTTP_HEADERS_${d.headers!.toUpperCase()})`);
        return httpSide({
          dataset: d,
          scope: o.scope,
          headers,
          policy: s.httpAllow,
          maxBytes: s.httpMaxBytes,
          timeoutMs: s.httpTimeoutMs,
          retries: s.httpRetries,
          signal: o.signal,
        });
      }
    }
  }
}
