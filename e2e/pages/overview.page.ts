import { type Locator, type Page } from 'playwright-core';

/** The overview: headline numbers, the flows table, the live hop feed and the live indicator. */
export class OverviewPage {
  constructor(private readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('overview-page');
  }
  get connection(): Locator {
    return this.page.getByTestId('connection-indicator');
  }
  get feed(): Locator {
    return this.page.getByTestId('live-feed-panel');
  }

  async waitUntilLive(): Promise<void> {
    await this.root.waitFor();
    await this.page.locator('[data-testid="connection-indicator"][data-status="live"]').waitFor();
  }

  flowRow(flow: string): Locator {
    return this.page.locator(`[data-testid="flow-row"][data-flow="${flow}"]`);
  }

  /** Waits until a cell of a flow's row shows exactly `text`. */
  async waitForFlowCell(flow: string, cell: 'flow-hops' | 'flow-error-rate' | 'flow-duplicates' | 'flow-throughput', text: RegExp): Promise<void> {
    await this.flowRow(flow).getByTestId(cell).filter({ hasText: text }).waitFor();
  }

  async flowCell(flow: string, cell: 'flow-hops' | 'flow-error-rate' | 'flow-duplicates' | 'flow-throughput'): Promise<string> {
    return (await this.flowRow(flow).getByTestId(cell).innerText()).trim();
  }

  feedItem(recordKey: string): Locator {
    return this.feed.locator(`[data-testid="live-hop"][data-record-key="${recordKey}"]`);
  }

  async openLineageNav(): Promise<void> {
    await this.page.getByTestId('nav-lineage').click();
  }
}
