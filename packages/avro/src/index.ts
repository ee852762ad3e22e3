export type * from './records.ts';
export { loadSchema, schemaType } from './schemas.ts';
export { authorizationHeader, createInMemorySchemaRegistry, createSchemaRegistry, subjectCompatibility, type SchemaRegistry, type SchemaRegistryOptions } from './registry.ts';
export { createAvroSerde, type AvroSerde } from './serde.ts';
export { RegistryUnavailableError, SchemaIncompatibleError, UndecodableRecordError } from './errors.ts';
