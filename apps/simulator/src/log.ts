/** One JSON line per notable thing, on stdout (or wherever the sink writes). */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line), clock: () => Date = () => new Date()): Logger {
  return {
    log(level, msg, fields = {}) {
      write(`${JSON.stringify({ time: clock().toISOString(), level, service: 'closewatch-simulator', msg, ...fields })}\n`);
    },
  };
}
