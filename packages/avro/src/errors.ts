/**
 * What a service says when the schema registry fails it, declared once with a stable code (each on
 * the error's `code`, in the service's log line); docs/errors.md lists them, a test keeps the two in step.
 */
export const registryErrorCodes = {
  REGISTRY_UNAVAILABLE: 'The schema registry could not be reached, or answered 5xx, through 30 s of retries of a registration or a schema lookup.',
  SCHEMA_INCOMPATIBLE: "The registry refused a schema under its subject's compatibility level: readers of the subject could not resolve it.",
} as const;

export type RegistryErrorCode = keyof typeof registryErrorCodes;

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
  readonly code: RegistryErrorCode = 'REGISTRY_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}

/** Raised when the registry refuses a schema that readers of its subject could not resolve: a deploy error, not retried. */
export class SchemaIncompatibleError extends Error {
  readonly retriable = false;
  readonly code: RegistryErrorCode = 'SCHEMA_INCOMPATIBLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaIncompatibleError';
  }
}
