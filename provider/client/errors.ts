// The errors the Didomi client throws: one class per HTTP status, made by one factory, plus the failures that
// have no status (connection, timeout, unexpected body, refused credentials).
//
// Every error is built from scratch by the client: it never wraps an HTTP library error (those carry the request
// options, headers included, so the bearer token) and it never quotes a request or response body. Messages read
// `POST /v1/domains → 409 Conflict: Domain privacy.example.com already exists (id: already taken)`.
import { STATUS_CODES } from "node:http";
import type { z } from "zod";

export interface DidomiErrorDetails {
  /** HTTP method of the failed request. */
  method: string;
  /** Path of the failed request as sent, without the query string (e.g. `/v1/domains`). */
  path: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Didomi's `message` from the error body. */
  didomiMessage?: string;
  /** Didomi's per-field errors (`errors` in the body), flattened to `field → message`. */
  fieldErrors?: Record<string, string>;
}

export class DidomiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly didomiMessage?: string;
  readonly fieldErrors?: Record<string, string>;

  constructor(message: string, details: DidomiErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.method = details.method;
    this.path = details.path;
    if (details.status !== undefined) this.status = details.status;
    if (details.didomiMessage !== undefined) this.didomiMessage = details.didomiMessage;
    if (details.fieldErrors !== undefined) this.fieldErrors = details.fieldErrors;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      didomiMessage: this.didomiMessage,
      fieldErrors: this.fieldErrors,
    };
  }
}

export class BadRequestError extends DidomiError {}
export class NotAuthenticatedError extends DidomiError {}
export class ForbiddenError extends DidomiError {}
export class NotFoundError extends DidomiError {}
export class ConflictError extends DidomiError {}
export class TooManyRequestsError extends DidomiError {}
export class ServerError extends DidomiError {}

/** No response: the connection was refused, reset or dropped. `code` is Node's error code (ECONNRESET, …). */
export class ConnectionError extends DidomiError {
  readonly code: string;
  /** The same operation on the same host already got no response, and has got none since: the outage is not news. */
  readonly repeated: boolean;
  constructor(message: string, details: DidomiErrorDetails & { code: string; repeated?: boolean }) {
    super(message, details);
    this.code = details.code;
    this.repeated = details.repeated ?? false;
  }
}

/** No response within the configured request timeout. */
export class TimeoutError extends DidomiError {}

/** `POST /sessions` refused the key id / secret pair. Names the key id, never the secret. */
export class InvalidCredentialsError extends DidomiError {
  readonly keyId: string;
  constructor(message: string, details: DidomiErrorDetails & { keyId: string }) {
    super(message, details);
    this.keyId = details.keyId;
  }
}

/** A 2xx response whose body is not what the provider relies on. The message names each offending field. */
export class UnexpectedResponseError extends DidomiError {}

const errorClassByStatus: Record<number, typeof DidomiError> = {
  400: BadRequestError,
  401: NotAuthenticatedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  429: TooManyRequestsError,
};

export interface ErrorResponse {
  method: string;
  path: string;
  status: number;
  /** The parsed JSON body, or the raw text when the body is not JSON. */
  body: unknown;
}

export interface ErrorContext {
  /** Removes credentials and secret values from a text. */
  scrub: (text: string) => string;
  /** A sentence appended to the message that tells the user what to do. */
  hint?: string;
}

/** The one factory: an HTTP error response → the error class for its status, with a readable message. */
export function errorFromResponse(response: ErrorResponse, context: ErrorContext): DidomiError {
  const envelope = readErrorEnvelope(response.body, context.scrub);
  const details: DidomiErrorDetails = { method: response.method, path: response.path, status: response.status, ...envelope };
  const ErrorClass = response.status >= 500 ? ServerError : (errorClassByStatus[response.status] ?? DidomiError);
  return new ErrorClass(formatMessage(details, envelope.name, context.hint), details);
}

export function invalidCredentialsError(response: ErrorResponse, keyId: string, scrub: (text: string) => string): InvalidCredentialsError {
  const envelope = readErrorEnvelope(response.body, scrub);
  const details = { method: response.method, path: response.path, status: response.status, ...envelope, keyId };
  const hint =
    `Didomi refused API key "${keyId}": check the key id and its secret (didomi:apiKey and didomi:apiSecret, ` +
    `or DIDOMI_API_KEY and DIDOMI_API_SECRET) and that the key is enabled.`;
  return new InvalidCredentialsError(`Invalid Didomi credentials: ${formatMessage(details, envelope.name, hint)}`, details);
}

export function unexpectedResponseError(
  request: { method: string; path: string; status: number },
  error: z.ZodError,
): UnexpectedResponseError {
  // zod's issue messages name the expected and received *types*, never the received values, so no secret
  // value can leak through them.
  const problems = error.issues.slice(0, 5).map((issue) => `${formatFieldPath(issue.path) || "(body)"}: ${issue.message}`);
  if (error.issues.length > 5) problems.push(`… and ${error.issues.length - 5} more`);
  const message =
    `${request.method} ${request.path} → ${request.status} with a body the provider does not understand: ` +
    `${problems.join("; ")}. The Didomi API may have changed: please report it with this message.`;
  return new UnexpectedResponseError(message, request);
}

function formatMessage(details: DidomiErrorDetails, didomiName: string | undefined, hint: string | undefined): string {
  const statusName = didomiName ?? STATUS_CODES[details.status ?? 0] ?? "Error";
  let message = `${details.method} ${details.path} → ${details.status} ${statusName}`;
  if (details.didomiMessage) message += `: ${details.didomiMessage}`;
  const fields = Object.entries(details.fieldErrors ?? {});
  if (fields.length > 0) message += ` (${fields.map(([field, problem]) => `${field}: ${problem}`).join(", ")})`;
  if (hint) message += `. ${hint}`;
  return message;
}

/** Reads Didomi's `{code, name, message, errors}` envelope; tolerates HTML or plain text from a proxy. */
function readErrorEnvelope(
  body: unknown,
  scrub: (text: string) => string,
): { name?: string; didomiMessage?: string; fieldErrors?: Record<string, string> } {
  if (typeof body === "string") {
    const text = body.trim();
    return text ? { didomiMessage: scrub(truncate(text)) } : {};
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return {};
  const { name, message, errors } = body as Record<string, unknown>;
  const fieldErrors = flattenFieldErrors(errors, scrub);
  return {
    ...(typeof name === "string" && name ? { name } : {}),
    ...(typeof message === "string" && message ? { didomiMessage: scrub(truncate(message)) } : {}),
    ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
  };
}

/** Feathers puts per-field problems in `errors` as `{field: "msg"}`, `{field: {message}}` or `[{path, message}]`. */
function flattenFieldErrors(errors: unknown, scrub: (text: string) => string): Record<string, string> {
  const flat: Record<string, string> = {};
  if (errors === null || typeof errors !== "object") return flat;
  for (const [key, value] of Object.entries(errors)) {
    const item = value as { path?: unknown; field?: unknown; message?: unknown } | null;
    const field = Array.isArray(errors) && item && typeof (item.path ?? item.field) === "string" ? String(item.path ?? item.field) : key;
    const problem = typeof value === "string" ? value : typeof item?.message === "string" ? item.message : JSON.stringify(value);
    flat[field] = scrub(truncate(problem));
  }
  return flat;
}

function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
