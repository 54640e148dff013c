/**
 * The points of a series whose step had ended when the series was read (`asOf`, ms). The step in
 * progress holds only the part of it gone by: drawn, it looks like traffic falling off at the
 * right edge of every chart, when it is only the minute not being over.
 */
export function endedSteps<P extends { at: string }>(points: readonly P[], stepSeconds: number, asOf: number): P[] {
  return points.filter((p) => Date.parse(p.at) + stepSeconds * 1000 <= asOf);
}
