/**
 * Bind parameters for hand-written SQL: values always travel as `$n` parameters, never inside
 * the SQL text. `add` returns the placeholder; `where` joins conditions.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Binds a value and returns its placeholder (`$3`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds a condition; `build` receives the placeholder of `value`. Skipped when value is undefined. */
  filter(value: unknown, build: (p: string) => string): this {
    if (value !== undefined) this.conditions.push(build(this.add(value)));
    return this;
  }

  /** Adds a condition without a value. */
  always(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  where(): string {
    return this.conditions.length ? `where ${this.conditions.map((c) => `(${c})`).join(' and ')}` : '';
  }
}
