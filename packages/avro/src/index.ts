export type * from './records.ts';
export { loadSchema, schemaType } from './schemas.ts';
export { createInMemorySchemaRegistry, createSchemaRegistry, type SchemaRegistry } from './registry.ts';
export { createAvroSerde, type AvroSerde } from './serde.ts';
export { RegistryUnavailableError, UndecodableRecordError } from './errors.ts';
