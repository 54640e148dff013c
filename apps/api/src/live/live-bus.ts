import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import { type HopDto } from '@closewatch/contracts/telemetry';

/**
 * In-process hand-off from features that commit data (ingest) to the socket.io gateway.
 * Features publish only after their transaction commits, so the dashboard never shows data
 * that a rollback removed.
 */
@Injectable()
export class LiveBus {
  readonly hops$ = new Subject<HopDto[]>();

  publishHops(hops: HopDto[]): void {
    if (hops.length) this.hops$.next(hops);
  }
}
