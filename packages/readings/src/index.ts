export { ingestProblems, rejectCodes, rejectsByReason, retiredRejectCodes, type IngestProblemCode, type RejectCode } from './reject-codes.ts';
export { parseReadingTimestamp } from './timestamps.ts';
export { readingLimits, validateReading, type ReadingProblem, type Validation, type ValidReading } from './validate.ts';
export { toRawReading } from './conversions.ts';
export { franceEnvelope, isInFranceEnvelope, labelsFrance } from './france.ts';
export { ExactDecimalSum } from './exact-decimal.ts';
export { rejectedRecord, type RejectionOrigin } from './rejected-record.ts';
