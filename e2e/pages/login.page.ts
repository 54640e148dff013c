import { type Locator, type Page } from 'playwright-core';

/** The sign-in form. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  get form(): Locator {
    return this.page.getByTestId('login-form');
  }
  get error(): Locator {
    return this.page.getByTestId('login-error');
  }

  /** Opens the sign-in page of the server at `url`, signs in and waits for the navigation to show. */
  async signInAt(url: string, user: { email: string; password: string }): Promise<void> {
    await this.page.goto(`${url}/login`);
    await this.signIn(user.email, user.password);
    await this.page.getByTestId('nav-close').waitFor();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.form.waitFor();
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
