import { FAULT_KINDS, type FaultKind } from './model';

/** Running totals, logged every minute and at the end. */
export class Stats {
  recordsStarted = 0;
  /** Steps sent for the first time (distinct hops), by transport. */
  hopsSent = { otlp: 0, events: 0 };
  /** Re-deliveries of a step already sent (the duplicate-event fault). */
  redeliveries = { otlp: 0, events: 0 };
  plainSpans = 0;
  eventsAccepted = 0;
  eventsDuplicates = 0;
  eventsRejected = 0;
  eventsLost = 0;
  spansExported = 0;
  spansFailed = 0;
  runReportsSent = 0;
  runReportsFailed = 0;
  runsPlanned = 0;
  runsSkipped = 0;
  httpErrors = 0;
  faults: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  /** The first few record keys of each fault, to look them up. */
  faultSamples: Record<FaultKind, string[]> = Object.fromEntries(FAULT_KINDS.map((k) => [k, []])) as unknown as Record<FaultKind, string[]>;
  flows: Record<string, number> = {};

  countFault(kind: FaultKind, key: string): void {
    this.faults[kind]++;
    if (this.faultSamples[kind].length < 5) this.faultSamples[kind].push(key);
  }

  snapshot(): Record<string, unknown> {
    return {
      recordsStarted: this.recordsStarted,
      hopsSent: { ...this.hopsSent },
      redeliveries: { ...this.redeliveries },
      plainSpans: this.plainSpans,
      events: { accepted: this.eventsAccepted, duplicates: this.eventsDuplicates, rejected: this.eventsRejected, lost: this.eventsLost },
      spans: { exported: this.spansExported, failed: this.spansFailed },
      runs: { planned: this.runsPlanned, skipped: this.runsSkipped, reportsSent: this.runReportsSent, reportsFailed: this.runReportsFailed },
      httpErrors: this.httpErrors,
      faults: { ...this.faults },
      faultSamples: Object.fromEntries(Object.entries(this.faultSamples).map(([k, v]) => [k, [...v]])),
      flows: { ...this.flows },
    };
  }
}
