import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const TTL_MS = 5_000;

/**
 * The ids of the flows in the catalog, re-read at most every few seconds: live hops say whether
 * their flow is registered without a query per batch. Unknown flows are still accepted.
 */
@Injectable()
export class RegisteredFlows {
  private ids: ReadonlySet<string> = new Set();
  private loadedAt = -Infinity;
  private loading: Promise<ReadonlySet<string>> | undefined;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async current(): Promise<ReadonlySet<string>> {
    if (Date.now() - this.loadedAt < TTL_MS) return this.ids;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<ReadonlySet<string>> {
    const rows: { id: string }[] = await this.ds.query('select id from flows');
    this.ids = new Set(rows.map((r) => r.id));
    this.loadedAt = Date.now();
    return this.ids;
  }
}
