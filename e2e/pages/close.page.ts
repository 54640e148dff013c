import { type Locator, type Page } from 'playwright-core';

/** The Close page: calendars with their windows, the calendar editor, FX rates. */
export class ClosePage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/close`);
    await this.page.getByTestId('close-page').waitFor();
  }

  calendar(entity: string): Locator {
    return this.page.locator(`[data-testid="calendar-row"][data-entity="${entity}"]`);
  }

  window(entity: string, period: string): Locator {
    return this.calendar(entity).locator(`[data-testid="close-window"][data-period="${period}"]`);
  }

  get form(): Locator {
    return this.page.getByTestId('calendar-form');
  }

  async saveCalendar(entity: string, json: string): Promise<void> {
    await this.page.getByTestId('calendar-entity').fill(entity);
    await this.page.getByTestId('calendar-json').fill(json);
    await this.page.getByTestId('save-calendar').click();
  }

  /** The readiness matrix cell of an entity and period. */
  readinessCell(entity: string, period: string): Locator {
    return this.page.locator(`[data-testid="readiness-cell"][data-entity="${entity}"][data-period="${period}"]`);
  }

  /** Waits (live updates, no reload) until the cell shows this status. */
  async waitForReadiness(entity: string, period: string, status: 'ready' | 'at_risk' | 'blocked', timeout = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="readiness-cell"][data-entity="${entity}"][data-period="${period}"][data-status="${status}"]`).waitFor({ timeout });
  }

  get readinessDrawer(): Locator {
    return this.page.getByTestId('readiness-drawer');
  }

  async openReadiness(entity: string, period: string): Promise<void> {
    await this.readinessCell(entity, period).click();
    await this.readinessDrawer.waitFor();
  }

  /** Signs off the open drawer's close (a note when it is at risk) and waits for the sign-off to show. */
  async signOff(note?: string): Promise<string> {
    if (note) await this.readinessDrawer.getByTestId('signoff-note').fill(note);
    await this.readinessDrawer.getByTestId('signoff-submit').click();
    await this.readinessDrawer.getByTestId('signoff-done').waitFor();
    return this.readinessDrawer.getByTestId('signoff-done').innerText();
  }
}
