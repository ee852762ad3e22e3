import { SchemaRegistry as ConfluentRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { RegistryUnavailableError, UndecodableRecordError } from './errors.ts';

/** The two things the pipeline asks of a schema registry. */
export interface SchemaRegistry {
  /** Registers (or finds) the schema under the subject and returns its id. */
  register(subject: string, schema: object): Promise<number>;
  /** The writer schema of an id found in a record. */
  schemaById(id: number): Promise<avro.Type>;
}

const retryDelaysMs = [200, 500, 1000, 2000, 4000, 8000];

/** A Confluent-compatible registry over HTTP (Apicurio: `…/apis/ccompat/v7`). */
export function createSchemaRegistry(url: string): SchemaRegistry {
  const client = new ConfluentRegistry({ host: url }, { [SchemaType.AVRO]: {} });
  return {
    register: (subject, schema) =>
      withRetries(`register ${subject} at ${url}`, async () => {
        const { id } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject });
        return id;
      }),
    schemaById: (id) =>
      withRetries(`fetch schema ${id} from ${url}`, async () => {
        try {
          return (await client.getSchema(id)) as unknown as avro.Type;
        } catch (error) {
          if (statusOf(error) === 404) throw new UndecodableRecordError(`schema id ${id} is unknown to the registry ${url}`, { cause: error });
          throw error;
        }
      }),
  };
}

/**
 * Connection failures, 5xx answers and 409 (services registering the same new subject at once:
 * the loser's next attempt finds it) are retried; any other answer (4xx, invalid schema) is final.
 */
async function withRetries<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let index = 0; ; index += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof UndecodableRecordError) throw error;
      const status = statusOf(error);
      const retriable = status === undefined || status >= 500 || status === 409;
      if (!retriable) throw error;
      if (index >= retryDelaysMs.length) {
        throw new RegistryUnavailableError(`schema registry unavailable: could not ${what}: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[index]));
    }
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The same contract in memory, for unit tests and the topology test driver. */
export function createInMemorySchemaRegistry(): SchemaRegistry {
  const idsByCanonical = new Map<string, number>();
  const typesById = new Map<number, avro.Type>();
  return {
    async register(_subject, schema) {
      const type = avro.Type.forSchema(schema as avro.Schema);
      const canonical = JSON.stringify(type.schema());
      let id = idsByCanonical.get(canonical);
      if (id === undefined) {
        id = idsByCanonical.size + 1;
        idsByCanonical.set(canonical, id);
        typesById.set(id, type);
      }
      return id;
    },
    async schemaById(id) {
      const type = typesById.get(id);
      if (!type) throw new UndecodableRecordError(`schema id ${id} is unknown to the registry`);
      return type;
    },
  };
}
