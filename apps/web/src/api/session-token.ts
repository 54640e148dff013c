/** The session token lives in localStorage so a reload keeps the user signed in. */
const KEY = 'closewatch.session';

export function readToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(KEY, token);
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the session lasts as long as the page
  }
}
