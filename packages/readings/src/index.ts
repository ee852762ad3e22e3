export { ingestProblems, rejectCodes, retiredRejectCodes, type IngestProblemCode, type RejectCode } from './reject-codes.js';
export { parseReadingTimestamp } from './timestamps.js';
export { readingLimits, validateReading, type ReadingProblem, type Validation, type ValidReading } from './validate.js';
export { fromRawReading, toRawReading } from './conversions.js';
export { franceEnvelope, isInFranceEnvelope, labelsFrance } from './france.js';
