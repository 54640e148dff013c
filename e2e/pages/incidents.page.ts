import { type Locator, type Page } from 'playwright-core';

/** The incidents list and one incident with its exceptions. */
export class IncidentsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/incidents`);
    await this.page.getByTestId('incidents-page').waitFor();
  }

  row(flow: string, cause: string): Locator {
    return this.page.locator(`[data-testid="incident-row"][data-flow="${flow}"][data-cause="${cause}"]`);
  }

  async open(flow: string, cause: string): Promise<void> {
    await this.row(flow, cause).getByTestId('incident-link').click();
    await this.page.getByTestId('incident-detail-page').waitFor();
    await this.page.getByTestId('incident-exceptions').waitFor();
  }

  exception(recordKey: string): Locator {
    return this.page.locator(`[data-testid="incident-exception-row"][data-record-key="${recordKey}"]`);
  }
}
