export type * from './records.js';
export { loadSchema, schemaType } from './schemas.js';
export { createInMemorySchemaRegistry, createSchemaRegistry, type SchemaRegistry } from './registry.js';
export { createAvroSerde, type AvroSerde } from './serde.js';
export { RegistryUnavailableError, UndecodableRecordError } from './errors.js';
