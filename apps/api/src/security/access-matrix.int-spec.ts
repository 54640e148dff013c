import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@closewatch/contracts/roles';
import { SOCKET_PATH } from '@closewatch/contracts/socket';
import { type Access } from '../auth/auth.decorators';
import { INGEST_SCOPES, type IngestScope } from '../auth/ingest-key.entity';
import { IngestKeysService } from '../auth/ingest-keys.service';
import { digest } from '../auth/secrets';
import { SessionsService } from '../auth/sessions.service';
import { documentedAccessTable, renderAccessTable, writeAccessTable } from '../../test/access-table';
import { concretePath, type DeclaredRoute, declaredRoutes, inParallel } from '../../test/declared-routes';
import { startTestApp, type TestApp } from '../../test/test-app';

/**
 * Every route of the running app against every kind of caller, checked against the access its
 * handler declares (@Public, @Roles, @AnyRole, @IngestKey). The routes come from the app itself
 * (test/declared-routes.ts), so a new endpoint is in the matrix the day it is added.
 */
type Caller =
  | {
      name: string;
      kind: 'none' | 'invalid' | 'expired session' | 'revoked session' | 'revoked ingest key' | 'expired ingest key';
      token?: string;
      header?: string;
    }
  | { name: string; kind: 'role'; role: Role; token: string }
  | { name: string; kind: 'ingest key'; scope: IngestScope; token: string };

/** `allowed` means the guard let the call through: any answer but 401/403 (400/404 for the empty probe body are fine). */
type Expected = 'allowed' | 401 | 403;

/**
 * What the guard must do. Wrong-realm credentials (an ingest key on a user route, a session on
 * an ingest route) and ingest keys without the route's scope are 401: the guard looks the secret
 * up only in the realm the route declares, so the answer never tells whether the secret is valid
 * somewhere else.
 */
function expected(access: Access, caller: Caller): Expected {
  if (access.kind === 'public') return 'allowed';
  if (access.kind === 'roles') {
    if (caller.kind === 'ingest key' && access.ingest) return caller.scope === access.ingest ? 'allowed' : 401;
    if (caller.kind !== 'role') return 401;
    return access.roles.includes(caller.role) ? 'allowed' : 403;
  }
  return caller.kind === 'ingest key' && caller.scope === access.scope ? 'allowed' : 401;
}

/** Mutations an auditor may make: its own session. (Exports are GETs; listed here should one become a POST.) */
const AUDITOR_MAY_MUTATE = (r: DeclaredRoute) => ['/api/v1/auth/login', '/api/v1/auth/logout'].includes(r.path) || r.path.endsWith('/export');
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Calls that end the caller's session; every allowed caller gets a session of its own for them. */
const ENDS_SESSION = (r: DeclaredRoute) => r.method === 'POST' && r.path === '/api/v1/auth/logout';
/** Login is probed by two callers only: after login throttling, a flood of probes could trip it. */
const LOGIN = (r: DeclaredRoute) => r.method === 'POST' && r.path === '/api/v1/auth/login';

/** The probing in beforeAll (about 3,000 requests as routes grow), with room for a loaded CI machine. */
const MATRIX_TIMEOUT_MS = 300_000;

const PROBE_ID = '00000000-0000-4000-8000-00000000abcd';

interface Outcome {
  route: string;
  caller: string;
  expected: Expected;
  status: number;
  code?: string | number;
}

describe('access matrix: every route x every caller', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  let callers: Caller[];
  let outcomes: Outcome[];
  /** A new session for a user of this role, for calls that end the session. */
  let freshSession: (role: Role) => Promise<string>;

  beforeAll(async () => {
    t = await startTestApp();
    const db = t.app.get(DataSource);
    const sessions = t.app.get(SessionsService);
    const keys = t.app.get(IngestKeysService);
    routes = await declaredRoutes(t.app, t.url);

    // One real login per role; further sessions are made directly (no more logins).
    const roleCallers: Caller[] = [];
    for (const role of ROLES) roleCallers.push({ name: role, kind: 'role', role, token: await t.tokenFor(role) });
    const userIdOf = async (role: Role) =>
      ((await db.query('select id from users where role = $1 order by created_at limit 1', [role])) as { id: string }[])[0]!.id;
    freshSession = async (role) => sessions.create(await userIdOf(role));

    const expired = await freshSession('admin');
    await db.query(`update sessions set expires_at = now() - interval '1 minute' where token_hash = $1`, [digest(expired)]);
    const revoked = await freshSession('admin');
    const logout = await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${revoked}` } });
    expect(logout.status).toBe(204);
    const revokedKey = await keys.create('revoked key');
    await keys.revoke(revokedKey.key.id);
    // An expired key with every scope: expiry alone must refuse it everywhere.
    const expiredKey = await keys.create('expired key', [...INGEST_SCOPES], null, undefined, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await db.query(`update ingest_keys set expires_at = now() - interval '1 minute' where id = $1`, [expiredKey.key.id]);

    callers = [
      { name: 'no token', kind: 'none' },
      { name: 'unknown token', kind: 'invalid', token: 'cws_not-a-real-session-token' },
      { name: 'Basic credentials', kind: 'invalid', header: 'Basic YWRtaW46YWRtaW4=' },
      { name: 'empty Bearer', kind: 'invalid', header: 'Bearer ' },
      { name: 'expired session', kind: 'expired session', token: expired },
      { name: 'revoked session', kind: 'revoked session', token: revoked },
      { name: 'revoked ingest key', kind: 'revoked ingest key', token: revokedKey.secret },
      { name: 'expired ingest key', kind: 'expired ingest key', token: expiredKey.secret },
      ...roleCallers,
      ...(await Promise.all(
        INGEST_SCOPES.map(async (scope): Promise<Caller> => ({ name: `ingest key [${scope}]`, kind: 'ingest key', scope, token: await t.ingestKey([scope]) })),
      )),
    ];

    const cases = routes.flatMap((route) =>
      callers.filter((c) => !LOGIN(route) || c.name === 'no token' || c.name === 'unknown token').map((caller) => ({ route, caller })),
    );
    outcomes = await inParallel(cases, 8, async ({ route, caller }) => {
      const exp = expected(route.access, caller);
      let token = caller.token;
      if (ENDS_SESSION(route) && caller.kind === 'role' && exp === 'allowed') token = await freshSession(caller.role);
      const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
      const res = await fetch(`${t.url}${concretePath(route.path, PROBE_ID)}`, {
        method: route.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...('header' in caller && caller.header ? { authorization: caller.header } : {}),
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        body: hasBody ? '{}' : undefined,
      });
      const text = await res.text();
      return { route: `${route.method} ${route.path}`, caller: caller.name, expected: exp, status: res.status, code: errorCode(route, text) };
    });
    // Every route × every caller is a few thousand requests: minutes on a busy 2-core machine.
  }, MATRIX_TIMEOUT_MS);
  afterAll(() => t?.close());

  it('covers every route with every caller', () => {
    const login = routes.filter(LOGIN).length;
    expect(outcomes).toHaveLength(routes.length * callers.length - login * (callers.length - 2));
    expect(new Set(outcomes.map((o) => o.route)).size).toBe(routes.length);
  });

  it('answers each call as the declared access says', () => {
    const wrong = outcomes.filter((o) => (o.expected === 'allowed' ? o.status === 401 || o.status === 403 || o.status >= 500 : o.status !== o.expected));
    expect(wrong.map((o) => `${o.route} as ${o.caller}: expected ${o.expected}, got ${o.status}`)).toEqual([]);
  });

  it('explains refusals with the error code of the status (google.rpc.Status codes on OTLP paths)', () => {
    const refusals = outcomes.filter((o) => o.status === 401 || o.status === 403);
    expect(refusals.length).toBeGreaterThan(routes.length);
    const want = (o: Outcome) => (o.route.includes(' /v1/') ? (o.status === 401 ? 16 : 7) : o.status === 401 ? 'unauthenticated' : 'forbidden');
    expect(refusals.filter((o) => o.code !== want(o)).map((o) => `${o.route} as ${o.caller}: ${o.status} with code ${o.code}`)).toEqual([]);
  });

  it('lets auditors change nothing: no mutating route but their own session is declared or answered for them', () => {
    const mutating = routes.filter((r) => MUTATING.has(r.method) && !AUDITOR_MAY_MUTATE(r));
    expect(mutating.length).toBeGreaterThan(10);
    const declared = mutating.filter((r) => r.access.kind === 'public' || (r.access.kind === 'roles' && r.access.roles.includes('auditor')));
    expect(declared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const keys = new Set(mutating.map((r) => `${r.method} ${r.path}`));
    const observed = outcomes.filter((o) => o.caller === 'auditor' && keys.has(o.route) && o.status !== 401 && o.status !== 403);
    expect(observed.map((o) => `${o.route}: ${o.status}`)).toEqual([]);
  });

  it('lets every role, and nobody else, open the live stream (socket.io)', async () => {
    const refused = await inParallel(callers, 4, async (caller) => {
      const socket = io(t.url, {
        path: SOCKET_PATH,
        transports: ['websocket'],
        auth: caller.token ? { token: caller.token } : {},
        reconnection: false,
        forceNew: true,
      });
      try {
        const ok = await new Promise<boolean>((resolve) => {
          socket.once('connect', () => resolve(true));
          socket.once('connect_error', () => resolve(false));
        });
        return { caller: caller.name, ok };
      } finally {
        socket.close();
      }
    });
    expect(refused).toEqual(callers.map((c) => ({ caller: c.name, ok: c.kind === 'role' })));
  });

  it('matches the access table in docs/security.md', () => {
    const table = renderAccessTable(routes);
    if (process.env.UPDATE_ACCESS_TABLE === '1') writeAccessTable(table);
    expect(documentedAccessTable()).toBe(table);
  });
});

/** The error code of a refusal: `error.code` of the JSON body, or the google.rpc.Status code on OTLP paths. */
function errorCode(route: DeclaredRoute, text: string): string | number | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: string }; code?: number };
    return route.path.startsWith('/v1/') ? body.code : body.error?.code;
  } catch {
    return undefined;
  }
}
