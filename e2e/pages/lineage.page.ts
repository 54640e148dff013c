import { type Locator, type Page } from 'playwright-core';

/** Record search and the ordered hop timeline. */
export class LineagePage {
  constructor(private readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('lineage-page');
  }
  get hops(): Locator {
    return this.page.getByTestId('lineage-hop');
  }

  async search(recordKey: string): Promise<void> {
    await this.root.waitFor();
    await this.page.getByLabel('Record key').fill(recordKey);
    await this.page.getByRole('button', { name: 'Show lineage' }).click();
    await this.page.getByTestId('lineage-timeline').waitFor();
  }

  async stages(): Promise<string[]> {
    return this.hops.evaluateAll((items) => items.map((i) => i.getAttribute('data-stage') ?? ''));
  }

  async amounts(): Promise<string[]> {
    return (await this.page.getByTestId('lineage-hop-amount').allInnerTexts()).map((t) => t.trim());
  }

  drift(): Locator {
    return this.page.getByTestId('lineage-drift');
  }

  /** Rows of the traces, exceptions and reconciliation breaks sections. */
  traceRows(): Locator {
    return this.page.getByTestId('lineage-traces').getByTestId('lineage-trace-row');
  }
  exceptionRows(): Locator {
    return this.page.getByTestId('lineage-exceptions').getByTestId('lineage-exception-row');
  }
  breakRows(): Locator {
    return this.page.getByTestId('lineage-breaks').getByTestId('lineage-break-row');
  }

  async rowAttributes(rows: Locator, name: string): Promise<string[]> {
    return rows.evaluateAll((items, attr) => items.map((i) => i.getAttribute(attr) ?? ''), name);
  }
}
