import { type SpanDto } from '@closewatch/contracts/telemetry';

export interface WaterfallRow {
  span: SpanDto;
  depth: number;
  /** Start and width as fractions (0..1) of the whole trace's time range. */
  offset: number;
  width: number;
  durationMs: number;
}

/**
 * Spans as a waterfall: parents before their children (children by start time), each with its
 * depth and its place on the trace's time axis. Spans whose parent is not in the answer are
 * roots; a cycle in bad data cannot loop forever.
 */
export function waterfall(spans: readonly SpanDto[]): WaterfallRow[] {
  if (!spans.length) return [];
  const startOf = (s: SpanDto) => Date.parse(s.startTime);
  const endOf = (s: SpanDto) => Math.max(Date.parse(s.endTime), startOf(s));
  const min = Math.min(...spans.map(startOf));
  const max = Math.max(...spans.map(endOf));
  const range = Math.max(max - min, 1);
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanDto[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId ? s.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  for (const list of children.values()) list.sort((a, b) => startOf(a) - startOf(b) || a.name.localeCompare(b.name));

  const rows: WaterfallRow[] = [];
  const placed = new Set<string>();
  const visit = (s: SpanDto, depth: number) => {
    if (placed.has(s.spanId)) return;
    placed.add(s.spanId);
    const durationMs = endOf(s) - startOf(s);
    rows.push({ span: s, depth, offset: (startOf(s) - min) / range, width: Math.max(durationMs / range, 0.004), durationMs });
    for (const c of children.get(s.spanId) ?? []) visit(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Spans only reachable through a cycle are shown as roots rather than dropped.
  for (const s of spans) visit(s, 0);
  return rows;
}
