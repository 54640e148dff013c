import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { type Subscription } from 'rxjs';
import { type Server, type Socket } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@closewatch/contracts/socket';
import { type RequestPrincipal } from '../auth/principal';
import { SessionsService } from '../auth/sessions.service';
import { LiveBus } from './live-bus';
import { handshakeToken, LiveAuthError } from './live-auth';

interface LiveSocketData {
  principal: RequestPrincipal & { kind: 'user' };
  token: string;
}

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, LiveSocketData>;

/** Every signed-in user may watch the live stream (auditors and viewers read everything). */
const LIVE_ROOM = 'live';
/** How often sockets are checked against their session, so a logout or a disabled user ends the stream. */
const SESSION_RECHECK_MS = 30_000;

/**
 * The live stream of the dashboard, on the API's own HTTP server at SOCKET_PATH. The handshake
 * carries the session token (`auth: {token}`); sockets without a valid one are refused with a
 * `connect_error` that says why. Committed hops are forwarded from the LiveBus as they arrive.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger('live');
  @WebSocketServer() private server!: LiveServer;
  private hopsSubscription?: Subscription;
  private recheckTimer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsService,
    private readonly bus: LiveBus,
  ) {}

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (err: unknown) => next(err instanceof LiveAuthError ? err : new LiveAuthError('Could not check the session token; try again')),
      );
    });
    this.hopsSubscription = this.bus.hops$.subscribe((hops) => server.to(LIVE_ROOM).emit('hops.created', hops));
    this.recheckTimer = setInterval(() => void this.recheckSessions(), SESSION_RECHECK_MS);
    this.recheckTimer.unref();
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    await socket.join(LIVE_ROOM);
  }

  handleDisconnect(_socket: LiveSocket): void {
    // socket.io removes the socket from its rooms itself.
  }

  onModuleDestroy(): void {
    this.hopsSubscription?.unsubscribe();
    clearInterval(this.recheckTimer);
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const token = handshakeToken(socket.handshake.auth);
    const principal = await this.sessions.principalFor(token);
    if (!principal) throw new LiveAuthError('Session token is invalid or expired; sign in again');
    socket.data.principal = principal;
    socket.data.token = token;
  }

  private async recheckSessions(): Promise<void> {
    try {
      const sockets = await this.server.in(LIVE_ROOM).fetchSockets();
      for (const s of sockets) {
        if (!(await this.sessions.principalFor(s.data.token))) s.disconnect(true);
      }
    } catch (err) {
      this.logger.warn({ msg: 'session recheck failed', err: err instanceof Error ? err.message : String(err) });
    }
  }
}
