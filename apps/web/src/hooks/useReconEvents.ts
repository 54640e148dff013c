import { type ReconProgressEvent, type ReconRunEvent } from '@closewatch/contracts/recon';
import { useEffect, useEffectEvent } from 'react';
import { useSocket } from './useSocket';

export interface ReconEventHandlers {
  /** A run was queued, started, finished or cancelled; `null` after the stream (re)connected (events may have been missed). */
  onRun?(event: ReconRunEvent | null): void;
  onProgress?(event: ReconProgressEvent): void;
}

/** Subscribes to `recon.run` and `recon.progress`. */
export function useReconEvents(handlers: ReconEventHandlers): void {
  const { socket } = useSocket();
  const onRun = useEffectEvent((e: ReconRunEvent | null) => handlers.onRun?.(e));
  const onProgress = useEffectEvent((e: ReconProgressEvent) => handlers.onProgress?.(e));

  useEffect(() => {
    if (!socket) return;
    const run = (e: ReconRunEvent) => onRun(e);
    const progress = (e: ReconProgressEvent) => onProgress(e);
    const resync = () => onRun(null);
    socket.on('recon.run', run);
    socket.on('recon.progress', progress);
    socket.on('connect', resync);
    return () => {
      socket.off('recon.run', run);
      socket.off('recon.progress', progress);
      socket.off('connect', resync);
    };
  }, [socket]);
}
