import avro from 'avsc';
import type { SchemaRegistryAuth } from '@thermostream/config';
import { RegistryUnavailableError, SchemaIncompatibleError, UndecodableRecordError } from './errors.ts';

/** The two things the pipeline asks of a schema registry. */
export interface SchemaRegistry {
  /** Registers (or finds) the schema under the subject and returns its id. */
  register(subject: string, schema: object): Promise<number>;
  /** The writer schema of an id found in a record. */
  schemaById(id: number): Promise<avro.Type>;
}

/**
 * The compatibility a subject is given when a service registers its first version. Partners publish
 * to readings.raw with schemas that change on their own schedule while running services keep the
 * schema they were built with (forward), and upgraded services read records retained from any
 * earlier version (backward, against all of them): only fields with defaults may come and go. A
 * subject that exists keeps the level it has: an operator's choice is never overridden.
 */
export const subjectCompatibility = 'FULL_TRANSITIVE';

/** Pauses between a call's attempts, the last one repeated. */
const retryDelaysMs = [200, 500, 1000, 2000, 4000];
/**
 * How long one call keeps trying before it reports the registry unavailable (its caller retries on
 * its own schedule): a registry restarting is back within it. A deadline rather than a number of
 * attempts, so that a registry that accepts connections and never answers (a paused process) holds
 * a call no longer than one that refuses them.
 */
const defaultPatienceMs = 30_000;
/** One request's longest wait for an answer, within what is left of the call's patience. */
const requestTimeoutMs = 10_000;

export interface SchemaRegistryOptions {
  /** Told after each request whether the registry answered, or could not be reached or serve it (5xx). */
  onReachability?: (reachable: boolean) => void;
  /** Credentials sent with every request: HTTP basic or a bearer token. */
  auth?: SchemaRegistryAuth;
  /** How long a registration or a schema lookup keeps trying before it fails as unavailable (30 s). */
  patienceMs?: number;
}

/** The Authorization header of the registry's credentials. */
export function authorizationHeader(auth: SchemaRegistryAuth): string {
  return 'token' in auth ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

/**
 * A Confluent-compatible registry over HTTP (Apicurio: `…/apis/ccompat/v7`), spoken with fetch: two
 * requests per registration and one per unknown schema id are all the pipeline needs of its API.
 */
export function createSchemaRegistry(url: string, options: SchemaRegistryOptions = {}): SchemaRegistry {
  const registry = { url, onReachability: options.onReachability ?? (() => undefined), patienceMs: options.patienceMs ?? defaultPatienceMs };
  const call = callWith(options.auth === undefined ? {} : { authorization: authorizationHeader(options.auth) });
  return {
    register: (subject, schema) =>
      withRetries(`register ${subject} at ${url}`, registry, call, async (call) => {
        if (await isNewSubject(call, url, subject)) await call(url, 'PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: subjectCompatibility });
        try {
          const { id } = await call<{ id: number }>(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: JSON.stringify(schema) });
          return id;
        } catch (error) {
          // Confluent and Apicurio both answer 409 for a refused schema, and Apicurio also for a lost creation race.
          if (statusOf(error) === 409 && /incompatible/i.test((error as Error).message)) {
            throw new SchemaIncompatibleError(`the registry ${url} refused the schema for ${subject} under the subject's compatibility level: ${(error as Error).message}`, {
              cause: error,
            });
          }
          throw error;
        }
      }),
    schemaById: (id) =>
      withRetries(`fetch schema ${id} from ${url}`, registry, call, async (call) => {
        try {
          const { schema } = await call<{ schema: string }>(url, 'GET', `/schemas/ids/${id}`);
          return avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
        } catch (error) {
          if (statusOf(error) === 404) throw new UndecodableRecordError(`schema id ${id} is unknown to the registry ${url}`, { cause: error });
          throw error;
        }
      }),
  };
}

/**
 * A subject without versions and without a level of its own: both answer 404 (Confluent and Apicurio
 * alike). A level set before the first registration is an operator's choice too, and is kept.
 */
async function isNewSubject(call: RegistryCall, url: string, subject: string): Promise<boolean> {
  for (const route of [`/subjects/${encodeURIComponent(subject)}/versions`, `/config/${encodeURIComponent(subject)}`]) {
    try {
      await call(url, 'GET', route);
      return false;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  return true;
}

type RegistryCall = ReturnType<typeof callWith>;

/**
 * One request to the registry's API, with the given headers (credentials); an answer other than 2xx
 * is an error carrying its status and the registry's message.
 */
function callWith(headers: Readonly<Record<string, string>>) {
  return async <T>(url: string, method: 'GET' | 'PUT' | 'POST', route: string, body?: object, timeoutMs = requestTimeoutMs): Promise<T> => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...headers,
        accept: 'application/vnd.schemaregistry.v1+json, application/json',
        ...(body ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      const message = registryMessage(text) ?? text;
      throw Object.assign(new Error(`${method} ${route} answered ${response.status}: ${message}`), { status: response.status });
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
}

/** The `message` of a registry's JSON error body, if it has one. */
function registryMessage(text: string): string | undefined {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Failures without an answer (connection refused or reset, timed out), 5xx answers and 409
 * (services registering the same new subject at once: the loser's next attempt finds it) are
 * retried; any other answer (4xx, invalid schema) and an error that says it is not retriable (an
 * unknown schema id, a refused schema) are final.
 */
async function withRetries<T>(
  what: string,
  registry: { url: string; onReachability: (reachable: boolean) => void; patienceMs: number },
  call: RegistryCall,
  attempt: (call: RegistryCall) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + registry.patienceMs;
  // Each request waits no longer than the call's patience has left.
  const withinPatience: RegistryCall = (url, method, route, body) => call(url, method, route, body, Math.max(1, Math.min(requestTimeoutMs, deadline - Date.now())));
  for (let index = 0; ; index += 1) {
    try {
      const result = await attempt(withinPatience);
      registry.onReachability(true);
      return result;
    } catch (error) {
      const final = (error as { retriable?: unknown }).retriable === false;
      const status = statusOf(error);
      // Any other answer, a refusal included, shows the registry there.
      const unavailable = !final && (status === undefined || status >= 500);
      registry.onReachability(!unavailable);
      if (final) throw error;
      const retriable = unavailable || status === 409;
      if (!retriable) throw error;
      const delay = retryDelaysMs[Math.min(index, retryDelaysMs.length - 1)]!;
      if (Date.now() + delay >= deadline) {
        throw new RegistryUnavailableError(`schema registry unavailable: could not ${what} within ${registry.patienceMs / 1000} s: ${describe(error)}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** fetch says only "fetch failed" when no answer came; why is in its cause (ECONNREFUSED…). */
function describe(error: unknown): string {
  const { message, cause } = error as Error & { cause?: { message?: unknown } };
  return typeof cause?.message === 'string' ? `${message} (${cause.message})` : message;
}

/** The status of a registry answer an error carries; undefined when the registry did not answer. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The same contract in memory, for unit tests and the topology test driver, compatibility check included. */
export function createInMemorySchemaRegistry(): SchemaRegistry {
  const idsByCanonical = new Map<string, number>();
  const typesById = new Map<number, avro.Type>();
  const idsBySubject = new Map<string, number[]>();
  return {
    async register(subject, schema) {
      const type = avro.Type.forSchema(schema as avro.Schema);
      const canonical = JSON.stringify(type.schema());
      const versions = idsBySubject.get(subject) ?? [];
      const known = idsByCanonical.get(canonical);
      if (known !== undefined && versions.includes(known)) return known;
      for (const earlier of versions) assertMutuallyReadable(subject, type, typesById.get(earlier)!);
      let id = known;
      if (id === undefined) {
        id = idsByCanonical.size + 1;
        idsByCanonical.set(canonical, id);
        typesById.set(id, type);
      }
      idsBySubject.set(subject, [...versions, id]);
      return id;
    },
    async schemaById(id) {
      const type = typesById.get(id);
      if (!type) throw new UndecodableRecordError(`schema id ${id} is unknown to the registry`);
      return type;
    },
  };
}

/** FULL_TRANSITIVE, as avsc sees it: each of the two schemas can read what the other wrote. */
function assertMutuallyReadable(subject: string, candidate: avro.Type, earlier: avro.Type): void {
  try {
    candidate.createResolver(earlier);
    earlier.createResolver(candidate);
  } catch (error) {
    throw new SchemaIncompatibleError(`the schema for ${subject} cannot be read by, or cannot read, an earlier version: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
