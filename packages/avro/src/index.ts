export type * from './records.ts';
export { loadSchema, schemaType } from './schemas.ts';
export { authorizationHeader, createInMemorySchemaRegistry, createSchemaRegistry, subjectCompatibility, type SchemaRegistry, type SchemaRegistryOptions } from './registry.ts';
export { createAvroSerde, type AvroSerde } from './serde.ts';
export { registryErrorCodes, RegistryUnavailableError, SchemaIncompatibleError, UndecodableRecordError, type RegistryErrorCode } from './errors.ts';
