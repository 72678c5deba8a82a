// The error factory: every error the emulator answers is the Feathers-style envelope `{code,name,message,errors}`
// (BEHAVIOR.md §1.4), optionally with Feathers' `className`.
import { STATUS_CODES } from "node:http";

/** Feathers error names by status (BEHAVIOR.md §1.4); other statuses get a name derived from the HTTP reason phrase. */
const FEATHERS_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "NotAuthenticated",
  402: "PaymentError",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  408: "Timeout",
  409: "Conflict",
  411: "LengthRequired",
  413: "PayloadTooLarge",
  422: "Unprocessable",
  429: "TooManyRequests",
  500: "GeneralError",
  501: "NotImplemented",
  502: "BadGateway",
  503: "Unavailable",
};

export function errorName(status: number): string {
  return (
    FEATHERS_NAMES[status] ??
    (STATUS_CODES[status] ?? "Error")
      .replace(/'/g, "")
      .split(/[^A-Za-z0-9]+/)
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join("")
  );
}

/** "NotAuthenticated" → "not-authenticated", as Feathers does. */
function className(name: string): string {
  return name.replace(/(?<=[a-z0-9])([A-Z])/g, "-$1").toLowerCase();
}

export interface ErrorEnvelope {
  code: number;
  name: string;
  message: string;
  errors: Record<string, unknown>;
  className?: string;
}

export function errorEnvelope(
  status: number,
  message: string,
  errors: Record<string, unknown> = {},
  includeClassName = false,
): ErrorEnvelope {
  const name = errorName(status);
  const envelope: ErrorEnvelope = { code: status, name, message, errors };
  if (includeClassName) envelope.className = className(name);
  return envelope;
}

/** Thrown by handlers and the server pipeline; turned into the envelope by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Record<string, unknown> = {},
    /** Extra response headers, e.g. `Allow` on 405, `Retry-After` on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, errors?: Record<string, unknown>) => new ApiError(400, message, errors);
export const notAuthenticated = (message: string) => new ApiError(401, message);
export const forbidden = (message: string) => new ApiError(403, message);
export const conflict = (message: string, errors?: Record<string, unknown>) => new ApiError(409, message, errors);
export const notFoundId = (id: string) => new ApiError(404, `No record found for id '${id}'`);

/** A 400 whose message lists every field problem, so the message alone tells what to fix. */
export function validationFailed(errors: Record<string, string>): ApiError {
  const details = Object.entries(errors)
    .map(([field, problem]) => (field === "" ? problem : `${field} ${problem}`))
    .join("; ");
  return badRequest(`Validation failed: ${details}`, errors);
}
