import { type Locator, type Page } from 'playwright-core';

/** The Alerts page: routes (with the dry run), receivers (with the test button), silences, the delivery log. */
export class AlertsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/alerts`);
    await this.page.getByTestId('alerts-page').waitFor();
  }

  async addPagerDutyReceiver(name: string, url: string, routingKey: string): Promise<void> {
    await this.page.getByTestId('receiver-name').fill(name);
    await this.page.getByTestId('receiver-kind').selectOption('pagerduty');
    await this.page.getByTestId('receiver-url').fill(url);
    await this.page.getByTestId('receiver-routing-key').fill(routingKey);
    await this.page.getByTestId('receiver-create').click();
    await this.receiver(name).waitFor();
  }

  receiver(name: string): Locator {
    return this.page.locator(`[data-testid="receiver-row"][data-name="${name}"]`);
  }

  /** Clicks the receiver's Test button and answers what the row then says. */
  async test(name: string): Promise<string> {
    await this.receiver(name).getByTestId('receiver-test').click();
    const result = this.receiver(name).getByTestId('receiver-test-result');
    await result.filter({ hasNotText: '—' }).waitFor();
    return result.innerText();
  }

  async addRoute(route: { name: string; order: number; receivers: string; match: string; groupWaitSeconds: number }): Promise<void> {
    await this.page.getByTestId('route-name').fill(route.name);
    await this.page.getByTestId('route-order').fill(String(route.order));
    await this.page.getByTestId('route-receivers').fill(route.receivers);
    await this.page.getByTestId('route-match').fill(route.match);
    await this.page.getByTestId('route-groupWaitSeconds').fill(String(route.groupWaitSeconds));
    await this.page.getByTestId('route-create').click();
    await this.page.locator(`[data-testid="route-row"][data-name="${route.name}"]`).waitFor();
  }

  /** The dry run's list of matching routes for an incident. */
  async dryRun(incidentId: string): Promise<string> {
    await this.page.getByTestId('route-dry-run-incident').fill(incidentId);
    await this.page.getByTestId('route-dry-run').click();
    const result = this.page.getByTestId('route-dry-run-result');
    await result.waitFor();
    return result.innerText();
  }

  /** A row of the delivery log (which opens on pending and failed deliveries). */
  deliveryLogRow(receiver: string, status: string): Locator {
    return this.page.getByTestId('delivery-log-panel').locator(`[data-testid="notification-row"][data-receiver="${receiver}"][data-status="${status}"]`);
  }
}

/** Expands a notification row's attempts (in the delivery log or an incident's) and answers each attempt as (status code, outcome, its text). */
export async function expandAttempts(row: Locator): Promise<{ statusCode: string; outcome: string | null; text: string }[]> {
  await row.getByTestId('notification-attempts').click();
  const log = row.locator('xpath=following-sibling::tr[1]').getByTestId('attempt-log');
  await log.getByTestId('attempt-row').first().waitFor();
  const rows = await log.getByTestId('attempt-row').all();
  return Promise.all(
    rows.map(async (r) => ({
      statusCode: await r.getByTestId('attempt-status-code').innerText(),
      outcome: await r.getAttribute('data-outcome'),
      text: await r.innerText(),
    })),
  );
}
