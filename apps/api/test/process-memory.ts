import { readFileSync } from 'node:fs';

/** A process's resident set now (VmRSS) and its peak so far (VmHWM), in bytes, from /proc (Linux). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Samples a process's resident set every `everyMs` until stopped; returns the highest seen. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let max = 0;
  const take = () => {
    try {
      max = Math.max(max, processMemory(pid).rss);
    } catch {
      // the process has ended
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return max;
    },
  };
}
