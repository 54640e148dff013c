// The machine a benchmark ran on, and what its processes use (Linux /proc).
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** CPUs (`nproc`, else os.cpus()), CPU model, memory and platform. */
export function machine() {
  let nproc = cpus().length;
  try {
    nproc = Number(execSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    // keep os.cpus()
  }
  const cpuModel = (cpus()[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim();
  return { nproc, cpuModel, memoryGiB: totalmem() / 1024 ** 3, platform: `${process.platform} ${process.arch}` };
}

function procStatus(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

function statusBytes(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(procStatus(pid));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Resident set size of the process now (VmRSS), bytes; 0 when it is gone. */
export function rssOf(pid) {
  return statusBytes(pid, 'VmRSS');
}

/** Peak resident set size of the process over its whole life (VmHWM), bytes. */
export function vmHwm(pid) {
  return statusBytes(pid, 'VmHWM');
}

/** Samples the process's RSS every `everyMs`; `stop()` ends it and returns the peak seen, bytes. */
export function watchRss(pid, everyMs) {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** User + system CPU seconds a process has used (/proc/<pid>/stat, clock ticks of 1/100 s); 0 when it is gone. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
