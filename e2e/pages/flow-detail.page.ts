import { type Locator, type Page } from 'playwright-core';

/** A flow's page: sync status and reasons, measures, error classes, in flight, open exceptions. */
export class FlowDetailPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(flow: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/flows/${encodeURIComponent(flow)}`);
    await this.page.getByTestId('sync-health').waitFor();
  }

  get status(): Locator {
    return this.page.getByTestId('flow-status').getByTestId('sync-status');
  }
  get reason(): Locator {
    return this.page.getByTestId('flow-sync-reason');
  }

  async waitForStatus(status: string): Promise<void> {
    await this.page.locator(`[data-testid="flow-status"] [data-testid="sync-status"][data-status="${status}"]`).waitFor();
  }

  async reasonCodes(): Promise<string[]> {
    return this.page.getByTestId('health-reason').evaluateAll((items) => items.map((i) => i.getAttribute('data-code') ?? ''));
  }

  errorClassCount(errorClass: string): Locator {
    return this.page.locator(`[data-testid="error-class-row"][data-error-class="${errorClass}"] [data-testid="error-class-count"]`);
  }

  inFlightRow(recordKey: string): Locator {
    return this.page.locator(`[data-testid="in-flight-row"][data-record-key="${recordKey}"]`);
  }

  openException(recordKey: string): Locator {
    return this.page.locator(`[data-testid="flow-exception-row"][data-record-key="${recordKey}"]`);
  }

  async openQueue(): Promise<void> {
    await this.page.getByTestId('flow-exceptions-queue-link').click();
  }
}
