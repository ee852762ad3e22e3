import { COMPATIBILITY, SchemaRegistry as ConfluentRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { RegistryUnavailableError, SchemaIncompatibleError, UndecodableRecordError } from './errors.ts';

/** The two things the pipeline asks of a schema registry. */
export interface SchemaRegistry {
  /** Registers (or finds) the schema under the subject and returns its id. */
  register(subject: string, schema: object): Promise<number>;
  /** The writer schema of an id found in a record. */
  schemaById(id: number): Promise<avro.Type>;
}

/**
 * The compatibility every subject is held to, set before each registration. Partners publish to
 * readings.raw with schemas that change on their own schedule while running services keep the
 * schema they were built with (forward), and upgraded services read records retained from any
 * earlier version (backward, against all of them): only fields with defaults may come and go.
 */
export const subjectCompatibility = COMPATIBILITY.FULL_TRANSITIVE;

const retryDelaysMs = [200, 500, 1000, 2000, 4000, 8000];

export interface SchemaRegistryOptions {
  /** Told after each request whether the registry answered, or could not be reached or serve it (5xx). */
  onReachability?: (reachable: boolean) => void;
}

/** A Confluent-compatible registry over HTTP (Apicurio: `…/apis/ccompat/v7`). */
export function createSchemaRegistry(url: string, options: SchemaRegistryOptions = {}): SchemaRegistry {
  // Its own retries off: withRetries below is the one place that retries, and reports each failure as it happens.
  const client = new ConfluentRegistry({ host: url, retry: { retries: 0 } }, { [SchemaType.AVRO]: {} });
  const registry = { url, onReachability: options.onReachability ?? (() => undefined) };
  return {
    register: (subject, schema) =>
      withRetries(`register ${subject} at ${url}`, registry, async () => {
        // Set even on a subject that exists: a partner may have created it, without any rule.
        await holdToCompatibility(url, subject);
        try {
          // The client refuses to register when the subject's level differs from the one it is given.
          const { id } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject, compatibility: subjectCompatibility });
          return id;
        } catch (error) {
          // Confluent and Apicurio both answer 409 for a refused schema, and Apicurio also for a lost creation race.
          if (statusOf(error) === 409 && /incompatible/i.test((error as Error).message)) {
            throw new SchemaIncompatibleError(`the registry ${url} refused the schema for ${subject} (${subjectCompatibility}): ${(error as Error).message}`, {
              cause: error,
            });
          }
          throw error;
        }
      }),
    schemaById: (id) =>
      withRetries(`fetch schema ${id} from ${url}`, registry, async () => {
        try {
          return (await client.getSchema(id)) as unknown as avro.Type;
        } catch (error) {
          if (statusOf(error) === 404) throw new UndecodableRecordError(`schema id ${id} is unknown to the registry ${url}`, { cause: error });
          throw error;
        }
      }),
  };
}

/** Per-subject configuration (`PUT /config/{subject}`), which Apicurio's ccompat API accepts before the subject exists. */
async function holdToCompatibility(url: string, subject: string): Promise<void> {
  const response = await fetch(`${url}/config/${encodeURIComponent(subject)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: subjectCompatibility }),
  });
  if (!response.ok) {
    throw Object.assign(new Error(`setting the compatibility of ${subject} answered ${response.status}: ${await response.text()}`), { status: response.status });
  }
}

/**
 * Connection failures, 5xx answers and 409 (services registering the same new subject at once:
 * the loser's next attempt finds it) are retried; any other answer (4xx, invalid schema) and an
 * error that says it is not retriable (an unknown schema id, a refused schema) are final.
 */
async function withRetries<T>(
  what: string,
  registry: { url: string; onReachability: (reachable: boolean) => void },
  attempt: () => Promise<T>,
): Promise<T> {
  for (let index = 0; ; index += 1) {
    try {
      const result = await attempt();
      registry.onReachability(true);
      return result;
    } catch (error) {
      const final = (error as { retriable?: unknown }).retriable === false;
      const status = await answeredStatus(registry.url, error);
      // Any other answer, a refusal included, shows the registry there.
      const unavailable = !final && (status === undefined || status >= 500);
      registry.onReachability(!unavailable);
      if (final) throw error;
      const retriable = unavailable || status === 409;
      if (!retriable) throw error;
      if (index >= retryDelaysMs.length) {
        throw new RegistryUnavailableError(`schema registry unavailable: could not ${what}: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[index]));
    }
  }
}

/**
 * The status the registry answered a failed request with, undefined when it did not answer. The
 * client's HTTP layer reports a request that got no answer (connection refused or reset) as a 400
 * answer, which would read as a request the registry refused: a request of our own tells them apart.
 */
async function answeredStatus(url: string, error: unknown): Promise<number | undefined> {
  const status = statusOf(error);
  if (status !== 400) return status;
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    return status;
  } catch {
    return undefined;
  }
}

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
