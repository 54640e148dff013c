/**
 * A JSON document streamed with one array of any length: the named members first, then the
 * array one item to a line, then the item count, so memory holds a batch of items at a time:
 *
 * ```
 * {"exportedAt":"…","filters":{…},
 * "breaks":[
 * {…}
 * ,{…}
 * ],
 * "count":2}
 * ```
 */
export function jsonArrayOpening(members: Record<string, unknown>, arrayName: string): string {
  const head = JSON.stringify(members);
  return `${head === '{}' ? '{' : `${head.slice(0, -1)},`}\n${JSON.stringify(arrayName)}:[\n`;
}

/** One item on its line; every one after the first starts with the comma. */
export function jsonArrayItem(value: unknown, index: number): string {
  return `${index === 0 ? '' : ','}${JSON.stringify(value)}\n`;
}

export function jsonArrayClosing(count: number): string {
  return `],\n"count":${count}}\n`;
}
