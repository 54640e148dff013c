import { type FlowSloDto } from '@closewatch/contracts/catalog';

/** When a flow's source was last heard from: its latest hop (any stage), and when the flow was created. */
export interface SourceActivity {
  lastHopAt: Date | null;
  createdAt: Date;
}

export interface SourceSilence {
  /** The latest hop, or the flow's creation when it never had one (a new flow is not silent at once). */
  since: Date;
  lastHopAt: Date | null;
  seconds: number;
  thresholdSeconds: number;
}

/** Whether the flow watches its source's freshness: event flows (no schedule) with a threshold. */
export function watchesSilence(slo: FlowSloDto): slo is FlowSloDto & { maxSilenceSeconds: number } {
  return slo.scheduleCron === null && slo.maxSilenceSeconds !== undefined;
}

/** The flow's silence when it is past the threshold, else null. */
export function silencePastThreshold(slo: FlowSloDto, activity: SourceActivity, now: Date): SourceSilence | null {
  if (!watchesSilence(slo)) return null;
  const since = activity.lastHopAt && activity.lastHopAt > activity.createdAt ? activity.lastHopAt : activity.createdAt;
  const seconds = Math.max(0, (now.getTime() - since.getTime()) / 1000);
  if (seconds <= slo.maxSilenceSeconds) return null;
  return { since, lastHopAt: activity.lastHopAt, seconds, thresholdSeconds: slo.maxSilenceSeconds };
}
