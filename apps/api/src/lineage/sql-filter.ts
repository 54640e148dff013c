/**
 * Builds a parameterised `where` clause from optional filters: values always travel as bind
 * parameters, never inside the SQL text.
 */
export class SqlFilter {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `condition` with `$?` standing for `value`; skipped when the value is undefined. */
  add(condition: string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    const placeholder = `$${this.params.length}`;
    this.conditions.push(condition.replace('$?', () => placeholder));
    return this;
  }

  /** Adds a condition without a value. */
  always(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** A bind parameter that is not a filter (a limit), returned as its `$n` placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(): string {
    return this.conditions.length ? `where ${this.conditions.join(' and ')}` : '';
  }
}
