import { type Locator, type Page } from 'playwright-core';

/** The Flows page: the catalog with each flow's health, and the evaluator's lag above it. */
export class FlowsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/flows`);
    await this.page.getByTestId('flows-page').waitFor();
  }

  /** The banner shown while sync health trails ingest. */
  get evaluationLag(): Locator {
    return this.page.getByTestId('evaluation-lag');
  }

  /** The same banner once it says that ingest is paced. */
  get pacedNotice(): Locator {
    return this.page.locator('[data-testid="evaluation-lag"][data-paced="true"]');
  }
}
