import { ingestProblems, type IngestProblemCode } from '@thermostream/readings';

/** The media type of every answer that refuses a whole request (RFC 9457). */
export const problemMediaType = 'application/problem+json';

/** An RFC 9457 problem with the stable code of docs/errors.md beside the standard members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: IngestProblemCode;
}

/** A code as a URI: a name for the problem kind, not a link (docs/errors.md is what it refers to). */
export const problemType = (code: IngestProblemCode) => `urn:thermostream:problem:${code}`;

/** Names the request by the id its log lines carry, so a partner's report leads to them. */
export const requestInstance = (requestId: string) => `urn:thermostream:request:${requestId}`;

export function problemDetails(code: IngestProblemCode, requestId: string, detail?: string): ProblemDetails {
  const { status, title } = ingestProblems[code];
  return { type: problemType(code), title, status, detail: detail ?? title, instance: requestInstance(requestId), code };
}
