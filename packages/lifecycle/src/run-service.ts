import { ConfigError } from '@thermostream/config';

/**
 * Runs a service's start function; a failure to start is one readable line on stderr (each invalid
 * setting on its own line) and exit code 1, never a stack trace an operator must decode.
 */
export function runService(service: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: invalid configuration (${error.code}):\n${error.problems.map((line) => `  ${line}`).join('\n')}\n`);
    } else {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      // A declared error's stable code (docs/errors.md) leads the operator to what to do.
      const code = (error as { code?: unknown } | null)?.code;
      process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: 'failed to start', ...(typeof code === 'string' ? { code } : {}), err: message })}\n`);
    }
    process.exit(1);
  });
}
