import { SOCKET_PATH } from '@closewatch/contracts/socket';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { io } from 'socket.io-client';
import { type LiveConnection, LiveContext, type LiveSocket } from '../hooks/useSocket';
import { useSession } from '../hooks/useSession';

interface ConnectionState {
  socket: LiveSocket | null;
  status: LiveConnection['status'];
  error: string | null;
}

/**
 * Opens the live stream for the signed-in session (`auth: {token}` in the handshake) and keeps
 * it open across pages. A refused handshake (`connect_error` with code unauthenticated) means
 * the session is gone, and so does a disconnect by the server (sent when the session is
 * revoked): the session ends and the login page says why.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { token, endSession } = useSession();
  const socket = useMemo<LiveSocket | null>(
    () => (token ? io({ path: SOCKET_PATH, auth: { token }, autoConnect: false, transports: ['websocket', 'polling'] }) : null),
    [token],
  );
  const [state, setState] = useState<ConnectionState>({ socket: null, status: 'connecting', error: null });

  useEffect(() => {
    if (!socket) return;
    const set = (status: LiveConnection['status'], error: string | null) => setState({ socket, status, error });
    socket.on('connect', () => {
      set('live', null);
      socket.emit('flows.stats.request');
    });
    socket.on('disconnect', (reason) => {
      set('offline', reason === 'io client disconnect' ? null : `Disconnected (${reason}); reconnecting`);
      // The server ends the stream of a session the moment it is revoked (signed out elsewhere,
      // user disabled, role or password changed): the session is already gone there.
      if (reason === 'io server disconnect') endSession();
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      set('offline', err.message);
      if (err.data?.code === 'unauthenticated') endSession();
    });
    socket.connect();
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [socket, endSession]);

  const value = useMemo<LiveConnection>(
    () => (state.socket === socket ? { socket, status: state.status, error: state.error } : { socket, status: socket ? 'connecting' : 'offline', error: null }),
    [state, socket],
  );
  return <LiveContext value={value}>{children}</LiveContext>;
}
