/**
 * A dialect is one model API's wire format: where the texts are in a request and a response, how a
 * refusal and an error are written, and how its stream is read. The pipeline is the same for all.
 */
import type { ErrorCode } from '../errors';
import type { GatewayError } from '../errors';
import type { StreamAdapter } from '../proxy/stream-adapter';
import type { Finding, Segment } from '../types';

export interface Dialect {
  id: 'openai' | 'anthropic' | 'generic';
  /** Endpoint within the dialect, e.g. chat, completions, responses, embeddings, messages. */
  route: string;
  extractInput(body: Record<string, unknown>): Segment[];
  extractOutput(body: unknown): Segment[];
  /** Rewrites a parsed response so every output holding a blocking finding carries the refusal. */
  applyOutputBlock(body: Record<string, unknown>, segments: Segment[], blocking: Finding[], refusal: string): void;
  /** Status and body of a refused prompt. */
  promptBlocked(refusal: string, findings: Finding[]): { status: number; body: unknown };
  /** The body of an error response in this API's shape (the status comes from statusForCode). */
  errorBody(err: GatewayError): unknown;
  /** The status for an error code when the API has its own convention; undefined: the default. */
  statusFor?(code: ErrorCode): number | undefined;
  streamAdapter(): StreamAdapter;
}
