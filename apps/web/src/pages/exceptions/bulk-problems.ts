import { type ApiErrorDetail } from '@closewatch/contracts/errors';

/**
 * The problems of a refused bulk action (`ids[3]`: `<id>: cannot resolve a dismissed exception…`)
 * in the user's terms: each names the exception by what the queue shows for it.
 */
export function bulkProblems(details: ApiErrorDetail[], ids: readonly string[], labelOf: (id: string) => string): string[] {
  return details.map((d) => {
    const index = /^ids\[(\d+)\]$/.exec(d.field)?.[1];
    const id = index === undefined ? undefined : ids[Number(index)];
    if (id === undefined) return `${d.field} ${d.message}`;
    const message = d.message.startsWith(`${id}: `) ? d.message.slice(id.length + 2) : d.message;
    return `${labelOf(id)}: ${message}`;
  });
}
