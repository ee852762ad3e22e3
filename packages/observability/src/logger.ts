import pino from 'pino';

/** The logging surface every package uses; pino's, so a child logger can be passed anywhere. */
export interface Logger {
  fatal(details: object, message: string): void;
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
  debug(details: object, message: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Paths that may hold secrets; pino replaces their values before a line is written. */
const redactedPaths = ['apiKey', 'apiKeys', 'password', 'databaseUrl', 'headers["x-api-key"]', 'req.headers["x-api-key"]', 'config.apiKeys', 'config.databaseUrl'];

/** One JSON object per line on stdout (or stderr, for commands whose stdout is their output), stamped with the service and pid. */
export function createLogger(options: { service: string; level: string; destination?: pino.DestinationStream | 'stderr' }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination === 'stderr' ? pino.destination(2) : options.destination,
  ) as unknown as Logger;
}
