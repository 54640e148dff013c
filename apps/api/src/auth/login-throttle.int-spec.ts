import { startTestApp, type TestApp } from '../../test/test-app';
import { LoginAudit } from './login-audit';
import { UsersService } from './users.service';

const PASSWORD = 'correct horse battery';
const LIMITS = {
  CLOSEWATCH_LOGIN_ACCOUNT_MAX_FAILURES: '3',
  CLOSEWATCH_LOGIN_ADDRESS_MAX_FAILURES: '6',
  CLOSEWATCH_LOGIN_FAILURE_WINDOW_SECONDS: '600',
  CLOSEWATCH_LOGIN_LOCKOUT_SECONDS: '300',
};

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { error?: { code: string; message: string } };
}

describe('login throttling', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(LIMITS);
  });
  afterAll(() => t.close());

  /** Each test signs in from addresses of its own (X-Forwarded-For from loopback is trusted by default). */
  const address = () => `198.51.100.${++n}`;

  async function login(app: TestApp, email: string, password: string, from?: string): Promise<Answer> {
    const res = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
      body: JSON.stringify({ email, password }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Answer['body'] };
  }

  async function user(): Promise<string> {
    const email = `throttled-${++n}@example.com`;
    await t.app.get(UsersService).create({ email, name: 'Throttled', role: 'viewer', password: PASSWORD });
    return email;
  }

  function expectThrottled(a: Answer, lockoutSeconds = 300): void {
    expect(a.status).toBe(429);
    expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(a.retryAfter)).toBeLessThanOrEqual(lockoutSeconds);
    expect(a.body).toEqual({ error: { code: 'too_many_attempts', message: expect.stringMatching(/^Too many failed sign-in attempts/) } });
  }

  it('refuses an account after its failures, even with the right password and from another address', async () => {
    const email = await user();
    const from = address();
    for (let i = 0; i < 3; i++) expect((await login(t, email, 'wrong password', from)).status).toBe(401);
    expectThrottled(await login(t, email, PASSWORD, from));
    expectThrottled(await login(t, email.toUpperCase(), PASSWORD, address()));
  });

  it('throttles an email that has no account the same way, with the same answers', async () => {
    const known = await user();
    const unknown = `nobody-${++n}@example.com`;
    const answers = async (email: string) => {
      const from = address();
      const all: Answer[] = [];
      for (let i = 0; i < 3; i++) all.push(await login(t, email, 'wrong password', from));
      all.push(await login(t, email, PASSWORD, from));
      // The seconds left may differ by one between the two runs; the rest must be the same.
      return all.map((a) => ({ status: a.status, hasRetryAfter: a.retryAfter !== null, body: JSON.stringify(a.body).replace(/\d+ seconds/, 'N seconds') }));
    };
    const forUnknown = await answers(unknown);
    expect(forUnknown).toEqual(await answers(known));
    expect(forUnknown.map((a) => a.status)).toEqual([401, 401, 401, 429]);
  });

  it('lets no more attempts through than the limit when they arrive at once', async () => {
    const email = await user();
    const answers = await Promise.all(Array.from({ length: 10 }, () => login(t, email, 'wrong password', address())));
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('refuses an address after failures across different accounts, and only that address', async () => {
    const victim = await user();
    const from = address();
    for (let i = 0; i < 6; i++) expect((await login(t, `spray-${++n}@example.com`, 'wrong password', from)).status).toBe(401);
    expectThrottled(await login(t, victim, PASSWORD, from));
    expect((await login(t, victim, PASSWORD, address())).status).toBe(200);
  });

  it('clears the account failures on a successful login', async () => {
    const email = await user();
    for (let round = 0; round < 3; round++) {
      const from = address();
      for (let i = 0; i < 2; i++) expect((await login(t, email, 'wrong password', from)).status).toBe(401);
      expect((await login(t, email, PASSWORD, from)).status).toBe(200);
    }
  });

  it('does not count the successful logins of one address against it', async () => {
    const from = address();
    const emails = [await user(), await user(), await user(), await user()];
    for (let i = 0; i < 2; i++) for (const email of emails) expect((await login(t, email, PASSWORD, from)).status).toBe(200);
  });

  it('records each refused login with the email, the address and the reason, never the password', async () => {
    const failed = jest.spyOn(t.app.get(LoginAudit), 'failed');
    try {
      const email = await user();
      const from = address();
      await login(t, `Nobody-${n}@Example.com`, 'secret-1', from);
      for (let i = 0; i < 3; i++) await login(t, email, 'secret-2', from);
      await login(t, email, PASSWORD, from);
      expect(failed.mock.calls.map(([f]) => f)).toEqual([
        { email: `nobody-${n}@example.com`, address: from, reason: 'unknown_account' },
        { email, address: from, reason: 'wrong_password' },
        { email, address: from, reason: 'wrong_password' },
        { email, address: from, reason: 'wrong_password' },
        { email, address: from, reason: 'throttled' },
      ]);
      expect(JSON.stringify(failed.mock.calls)).not.toMatch(/secret-|correct horse/);
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/closewatch_login_failures_total\{reason="throttled"\} [1-9]/);
      expect(metrics).toMatch(/closewatch_login_failures_total\{reason="bad_credentials"\} [1-9]/);
    } finally {
      failed.mockRestore();
    }
  });

  it('shares the throttle between two replicas on one database', async () => {
    const other = await t.replica();
    try {
      const email = await user();
      const from = address();
      expect((await login(t, email, 'wrong password', from)).status).toBe(401);
      expect((await login(other, email, 'wrong password', address())).status).toBe(401);
      expect((await login(t, email, 'wrong password', from)).status).toBe(401);
      expectThrottled(await login(other, email, PASSWORD, address()));
    } finally {
      await other.close();
    }
  });

  // Last: it locks 127.0.0.1, the address every request without X-Forwarded-For comes from.
  it('counts a direct client by its own address when proxies are not trusted, whatever X-Forwarded-For says', async () => {
    const direct = await t.replica({ ...LIMITS, CLOSEWATCH_TRUST_PROXY: 'false' });
    try {
      for (let i = 0; i < 6; i++) expect((await login(direct, `spoof-${++n}@example.com`, 'wrong password', address())).status).toBe(401);
      expectThrottled(await login(direct, `spoof-${++n}@example.com`, 'wrong password', address()));
    } finally {
      await direct.close();
    }
  });
});
