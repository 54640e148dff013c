/** Actions ordered by due time (ties in insertion order): a binary min-heap. */
export class Timeline<T> {
  private readonly heap: { at: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Due time of the earliest action, or undefined when empty. */
  nextAt(): number | undefined {
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest action if it is due at `now`. */
  popDue(now: number): T | undefined {
    const top = this.heap[0];
    if (!top || top.at > now) return undefined;
    const last = this.heap.pop() as (typeof this.heap)[number];
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.before(l, m)) m = l;
        if (r < this.heap.length && this.before(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top.item;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a] as { at: number; seq: number };
    const y = this.heap[b] as { at: number; seq: number };
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a] as (typeof this.heap)[number];
    this.heap[a] = this.heap[b] as (typeof this.heap)[number];
    this.heap[b] = t;
  }
}

/** How many records should have started `elapsedMs` into the run at `rate` per second. */
export function recordsDue(elapsedMs: number, rate: number, cap: number | undefined): number {
  if (!(rate > 0) || elapsedMs < 0) return 0;
  // The first record starts at once; then one every 1/rate seconds.
  const due = Math.floor((elapsedMs * rate) / 1000) + 1;
  return cap === undefined ? due : Math.min(due, cap);
}
