import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, type OnGatewayConnection, type OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { type Subscription } from 'rxjs';
import { type Server, type Socket } from 'socket.io';
import { type ClientToServerEvents, LIVE_HOPS_INTERVAL_MS, LIVE_HOPS_PER_MESSAGE, type ServerToClientEvents, SOCKET_PATH } from '@closewatch/contracts/socket';
import { type IngestStatsResponse } from '@closewatch/contracts/telemetry';
import { type RequestPrincipal } from '../auth/principal';
import { SessionRevocations, type SessionRevocation } from '../auth/session-revocations.service';
import { SessionsService } from '../auth/sessions.service';
import { FlowStatsService } from '../flow-stats/flow-stats.service';
import { HopThrottle } from './hop-throttle';
import { LiveBus } from './live-bus';
import { handshakeToken, LiveAuthError } from './live-auth';
import { statsFingerprint } from './stats-fingerprint';

interface LiveSocketData {
  principal: RequestPrincipal & { kind: 'user' };
  token: string;
}

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

/** Every signed-in user may watch the live stream (auditors and viewers read everything). */
const LIVE_ROOM = 'live';
/** The window of the pushed stats, as on the dashboard's overview. */
export const LIVE_STATS_WINDOW_SECONDS = 300;
/** How often the gateway counts the other replicas its adapter reaches (docs/scaling.md). */
const REPLICA_COUNT_MS = 5_000;
/** How often stats are recomputed while someone is watching; pushed only when they changed. */
const STATS_PUSH_MS = 2_000;
/** After hops arrive, stats are recomputed this soon so the counters follow the hop feed. */
const STATS_AFTER_HOPS_MS = 300;
/** Stats returned to `flows.stats.request` may be this old (a client cannot make the gateway query in a loop). */
const STATS_REUSE_MS = 1_000;
/**
 * How often sockets are checked against their session. Revocations disconnect at once
 * (SessionRevocations); this catches sessions that expired.
 */
const SESSION_RECHECK_MS = 30_000;

/**
 * The live stream of the dashboard, on the API's own HTTP server at SOCKET_PATH. The handshake
 * carries the session token (`auth: {token}`); sockets without a valid one are refused with a
 * `connect_error` that says why. Committed hops are forwarded from the LiveBus as
 * `hops.created` (at most one bounded message per LIVE_HOPS_INTERVAL_MS), exception or incident changes as `exceptions.changed`, sync-health status
 * changes as `flows.health`, reconciliation progress and run changes as `recon.progress` and
 * `recon.run`, and alert notifications queued or delivered as `alerts.notifications`; per-flow stats are
 * pushed as `flows.stats` when they change while anyone is connected, and answered at once to
 * `flows.stats.request`. A revoked session (logout, user disabled, role or password changed)
 * has its sockets disconnected at once, on every replica.
 *
 * With several replicas and a cross-replica adapter (ClusterIoAdapter), hops, exception, health,
 * reconciliation and readiness changes (each replica's own commits) go to every replica's
 * sockets, while stats (the same database seen by every replica) go to local sockets only.
 * While the adapter reaches no other replica, events stay local and cost no round trip.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('live');
  @WebSocketServer() private server!: LiveServer;
  private readonly subscriptions: Subscription[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private statsSoon?: NodeJS.Timeout;
  private readonly hopThrottle = new HopThrottle(LIVE_HOPS_PER_MESSAGE, LIVE_HOPS_INTERVAL_MS);
  private hopsSoon?: NodeJS.Timeout;
  private lastPushed?: string;
  private latest?: { stats: IngestStatsResponse; at: number };
  private computing?: Promise<IngestStatsResponse>;
  private closed = false;
  /** Other replicas the adapter reaches, counted every REPLICA_COUNT_MS (0 without an adapter). */
  private otherReplicas = 0;

  constructor(
    private readonly sessions: SessionsService,
    private readonly bus: LiveBus,
    private readonly flowStats: FlowStatsService,
    private readonly revocations: SessionRevocations,
  ) {}

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (err: unknown) => next(err instanceof LiveAuthError ? err : new LiveAuthError('Could not check the session token; try again')),
      );
    });
    // Hops are built for the stream when a socket of this replica watches, or when another
    // replica might have one (counting sockets across replicas would cost a round trip per batch).
    this.bus.setHopAudience(() => this.otherReplicas > 0 || this.watching());
    const live = () => (this.otherReplicas > 0 ? server : server.local).to(LIVE_ROOM);
    this.subscriptions.push(
      this.bus.hops$.subscribe((hops) => {
        // One bounded message per interval, however many ingest requests commit in it (the
        // browser parses and renders each message; docs/benchmarks.md, "Event to browser").
        const wait = this.hopThrottle.add(hops, Date.now());
        const send = () => {
          this.hopsSoon = undefined;
          const message = this.hopThrottle.take(Date.now());
          if (message && !this.closed) live().emit('hops.created', message.hops, message.committed);
        };
        if (wait === 0 && !this.hopsSoon) send();
        else this.hopsSoon ??= setTimeout(send, wait);
        this.statsSoon ??= setTimeout(() => {
          this.statsSoon = undefined;
          void this.pushStatsIfChanged();
        }, STATS_AFTER_HOPS_MS);
      }),
      this.bus.exceptions$.subscribe((event) => live().emit('exceptions.changed', event)),
      this.bus.flowHealth$.subscribe((event) => live().emit('flows.health', event)),
      this.bus.reconProgress$.subscribe((event) => live().emit('recon.progress', event)),
      this.bus.reconRuns$.subscribe((event) => live().emit('recon.run', event)),
      this.bus.readiness$.subscribe((event) => live().emit('close.readiness', event)),
      this.bus.alertNotifications$.subscribe((event) => live().emit('alerts.notifications', event)),
      this.bus.replays$.subscribe((event) => live().emit('replays.changed', event)),
      this.revocations.revoked$.subscribe((revocation) => void this.disconnectRevoked(revocation)),
      this.revocations.resumed$.subscribe(() => void this.recheckSessions()),
    );
    void this.countReplicas();
    this.every(REPLICA_COUNT_MS, () => this.countReplicas());
    this.every(STATS_PUSH_MS, () => this.pushStatsIfChanged());
    this.every(SESSION_RECHECK_MS, () => this.recheckSessions());
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    await socket.join(LIVE_ROOM);
  }

  @SubscribeMessage('flows.stats.request')
  async onStatsRequest(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    try {
      const fresh = this.latest && Date.now() - this.latest.at < STATS_REUSE_MS ? this.latest.stats : await this.computeStats();
      socket.emit('flows.stats', fresh);
    } catch (err) {
      this.logger.warn({ msg: 'stats for a socket failed', err: describe(err) });
    }
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const s of this.subscriptions) s.unsubscribe();
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.statsSoon);
    clearTimeout(this.hopsSoon);
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task(), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const token = handshakeToken(socket.handshake.auth);
    const principal = await this.sessions.principalFor(token);
    if (!principal) throw new LiveAuthError('Session token is invalid or expired; sign in again');
    socket.data.principal = principal;
    socket.data.token = token;
  }

  /** One computation at a time, shared by the timer and concurrent requests. */
  private computeStats(): Promise<IngestStatsResponse> {
    this.computing ??= this.flowStats
      .stats(LIVE_STATS_WINDOW_SECONDS)
      .then((stats) => {
        this.latest = { stats, at: Date.now() };
        return stats;
      })
      .finally(() => {
        this.computing = undefined;
      });
    return this.computing;
  }

  private async countReplicas(): Promise<void> {
    try {
      this.otherReplicas = (await this.server.of('/').adapter.serverCount()) - 1;
    } catch (err) {
      if (!this.closed) this.logger.warn({ msg: 'counting live replicas failed', err: describe(err) });
    }
  }

  private watching(): boolean {
    return (this.server.sockets.adapter.rooms.get(LIVE_ROOM)?.size ?? 0) > 0;
  }

  private async pushStatsIfChanged(): Promise<void> {
    if (this.closed || !this.watching()) return;
    try {
      const stats = await this.computeStats();
      const fingerprint = statsFingerprint(stats);
      if (fingerprint === this.lastPushed || this.closed) return;
      this.lastPushed = fingerprint;
      this.server.local.to(LIVE_ROOM).emit('flows.stats', stats);
    } catch (err) {
      if (!this.closed) this.logger.warn({ msg: 'stats push failed', err: describe(err) });
    }
  }

  private async disconnectRevoked(revocation: SessionRevocation): Promise<void> {
    try {
      const revoked = (p: LiveSocketData['principal']) => ('sessionId' in revocation ? p.sessionId === revocation.sessionId : p.userId === revocation.userId);
      for (const s of await this.server.local.fetchSockets()) {
        if (s.data.principal && revoked(s.data.principal)) s.disconnect(true);
      }
    } catch (err) {
      if (!this.closed) this.logger.warn({ msg: 'disconnecting revoked sessions failed', err: describe(err) });
    }
  }

  private async recheckSessions(): Promise<void> {
    if (this.closed || !this.watching()) return;
    try {
      const sockets = await this.server.local.in(LIVE_ROOM).fetchSockets();
      for (const s of sockets) {
        if (!(await this.sessions.principalFor(s.data.token))) s.disconnect(true);
      }
    } catch (err) {
      if (!this.closed) this.logger.warn({ msg: 'session recheck failed', err: describe(err) });
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
