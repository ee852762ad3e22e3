import pg from 'pg';

/** Node's codes for a connection that could not be made or was cut. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** The driver's own errors for a connection lost or never made: they carry no code. */
const lostConnection = /^(Connection terminated|Client has encountered a connection error|timeout expired|Query read timeout)/;
/** A server that cannot serve: connection exceptions (class 08), shutting down (57P01, 57P02) or starting up (57P03). */
const unavailableState = /^(08|57P0[123])/;

/**
 * What a failed call tells of PostgreSQL: false when it could not be reached (no connection, or the
 * server shutting down or starting up), true when it answered (an SQL error such as a unique
 * violation is an answer), undefined when the error is not the database's.
 */
export function reachabilityOf(error: unknown): boolean | undefined {
  if (error instanceof pg.DatabaseError) return !unavailableState.test(error.code ?? '');
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && socketCodes.has(code)) return false;
  if (typeof message === 'string' && lostConnection.test(message)) return false;
  return undefined;
}

type Call = (...args: unknown[]) => unknown;

/**
 * A pg client class that reports, after each connection attempt and statement, whether PostgreSQL
 * could be reached. Given to the pool, it sees every call, through the pool or inside a transaction,
 * in the callback or promise style the caller used.
 */
export function reportingClient(report: (reachable: boolean) => void): typeof pg.Client {
  const settle = (error: unknown) => {
    const reachable = error ? reachabilityOf(error) : true;
    if (reachable !== undefined) report(reachable);
  };
  const observed = (call: Call): Call => (...args) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      return call(...args.slice(0, -1), (error: unknown, ...results: unknown[]) => {
        settle(error);
        return (callback as Call)(error, ...results);
      });
    }
    const result = call(...args);
    if (result instanceof Promise) result.then(() => settle(undefined), settle);
    return result;
  };
  return class ReportingClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.connect = observed(this.connect.bind(this) as Call) as pg.Client['connect'];
      this.query = observed(this.query.bind(this) as Call) as pg.Client['query'];
    }
  };
}
