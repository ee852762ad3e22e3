/** Raised for a record that can never be decoded: retrying will not help, it goes to readings.rejected. */
export class UndecodableRecordError extends Error {
  readonly retriable = false;
  readonly code = 'RECORD_UNDECODABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UndecodableRecordError';
  }
}

/** Raised when the registry cannot be reached or answers 5xx: the caller retries. */
export class RegistryUnavailableError extends Error {
  readonly retriable = true;
  readonly code = 'REGISTRY_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}

/** Raised when the registry refuses a schema that readers of its subject could not resolve: a deploy error, not retried. */
export class SchemaIncompatibleError extends Error {
  readonly retriable = false;
  readonly code = 'SCHEMA_INCOMPATIBLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaIncompatibleError';
  }
}
