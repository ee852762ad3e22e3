export interface ShutdownLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Shutdown {
  /** Registers a cleanup step; steps run in reverse order of registration (last started, first stopped). */
  onShutdown(name: string, step: () => Promise<void>): void;
  /** Runs every step once, within the time limit, then exits with `code`. */
  shutdown(reason: string, code?: number): Promise<void>;
}

export interface ShutdownOptions {
  logger: ShutdownLogger;
  timeoutMs: number;
  exit?: (code: number) => void;
  signals?: NodeJS.Process | null;
}

/** Drains a service on SIGTERM or SIGINT; a second signal, or the time limit, forces the exit. */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const steps: { name: string; step: () => Promise<void> }[] = [];
  let running: Promise<void> | undefined;

  const shutdown = (reason: string, code = 0): Promise<void> => {
    if (running) {
      options.logger.error({ reason }, 'second stop request: exiting now');
      exit(code === 0 ? 1 : code);
      return running;
    }
    running = (async () => {
      options.logger.info({ reason }, 'draining');
      const timer = setTimeout(() => {
        options.logger.error({ timeoutMs: options.timeoutMs }, 'drain took too long: exiting');
        exit(1);
      }, options.timeoutMs);
      timer.unref();
      let failed = false;
      for (const { name, step } of [...steps].reverse()) {
        try {
          await step();
        } catch (error) {
          failed = true;
          options.logger.error({ step: name, err: error }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      options.logger.info({ reason }, 'stopped');
      exit(failed && code === 0 ? 1 : code);
    })();
    return running;
  };

  const signals = options.signals === undefined ? process : options.signals;
  if (signals) {
    signals.on('SIGTERM', () => void shutdown('SIGTERM'));
    signals.on('SIGINT', () => void shutdown('SIGINT'));
  }
  return { onShutdown: (name, step) => void steps.push({ name, step }), shutdown };
}
